/**
 * `--align_model mms`: the multilingual MMS forced aligner (Meta's MMS-300M forced-alignment
 * checkpoint, 1,130 languages, romanised character vocabulary), from its ONNX export. Its weights
 * are licensed CC-BY-NC 4.0 (non-commercial): that is said once, when the model is first
 * downloaded, and it is only ever used when asked for by name.
 */
import { findCachedFile } from '../hub/cache-layout.js';
import { resolveCacheDir } from '../hub/hub-options.js';

export const MMS_ALIGN_MODEL = Object.freeze({
  /** Name accepted by --align_model. */
  name: 'mms',
  repo: 'onnx-community/mms-300m-1130-forced-aligner-ONNX',
  file: 'onnx/model.onnx',
  revision: 'main',
  licence: 'CC-BY-NC 4.0',
  /** Hub pages read for it. */
  evidence:
    'https://huggingface.co/farhadjaman/collections (lists onnx-community/mms-300m-1130-forced-aligner-ONNX next to ' +
    'MahmoudAshraf/mms-300m-1130-forced-aligner, licence cc-by-nc-4.0); ONNX exports of the same checkpoint describe ' +
    'input_values [B, T] -> logits [B, F, 31], lowercase romanised a-z + apostrophe, blank 0, no word separator',
});

export function isMmsName(name: string | undefined): boolean {
  return name !== undefined && name.toLowerCase() === MMS_ALIGN_MODEL.name;
}

/** The licence line, printed when the model is not in the cache yet (i.e. on its first download). */
export function mmsLicenceNotice(cacheDir: string | undefined): string | undefined {
  const cached = findCachedFile(
    resolveCacheDir({ cacheDir }),
    MMS_ALIGN_MODEL.repo,
    MMS_ALIGN_MODEL.file,
    MMS_ALIGN_MODEL.revision,
  );
  if (cached) return undefined;
  return (
    `note: --align_model mms downloads ${MMS_ALIGN_MODEL.repo}, whose weights are licensed ${MMS_ALIGN_MODEL.licence} ` +
    '(non-commercial use only; https://creativecommons.org/licenses/by-nc/4.0/).'
  );
}
