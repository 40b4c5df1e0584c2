/**
 * Pick the ONNX files of one compute type from the files a repo or folder holds:
 * `encoder_model{suffix}.onnx` with `decoder_model_merged{suffix}.onnx` (preferred) or the pair
 * `decoder_model{suffix}.onnx` + `decoder_with_past_model{suffix}.onnx`, under `onnx/` or at the
 * root, plus their external-data files (`*.onnx_data`, `*.onnx_data_1`, `*.onnx.data`).
 */
import { WhisperxError } from '../errors.js';
import { COMPUTE_TYPE_SUFFIXES, SUFFIX_COMPUTE_TYPE } from './model-table.js';

export interface OnnxVariantFiles {
  /** The compute type asked for. */
  computeType: string;
  /** File-name suffix chosen ('' for float32). */
  suffix: string;
  /** Encoder graph path (relative to the repo/folder root). */
  encoder: string;
  /** Merged decoder (first step and with-past in one graph), when present. */
  decoderMerged?: string;
  /** Decoder without past, when no merged decoder is used. */
  decoder?: string;
  /** Decoder with past key/values, when no merged decoder is used. */
  decoderWithPast?: string;
  /** External weight files that must sit beside the graphs. */
  externalData: string[];
}

const DIRS = ['onnx/', ''];

function externalDataOf(graph: string, available: ReadonlySet<string>): string[] {
  return [...available]
    .filter((f) => {
      if (!f.startsWith(graph)) return false;
      const rest = f.slice(graph.length);
      return rest === '.data' || rest === '_data' || /^_data_\d+$/.test(rest);
    })
    .sort();
}

/** Suffixes for which an encoder graph exists, in the order of SUFFIX_COMPUTE_TYPE. */
export function availableVariants(files: readonly string[]): string[] {
  const found = new Set<string>();
  for (const f of files) {
    const m = /^(?:onnx\/)?encoder_model(_[a-z0-9]+)?\.onnx$/.exec(f);
    if (m) found.add(m[1] ?? '');
  }
  const known = Object.keys(SUFFIX_COMPUTE_TYPE).filter((s) => found.has(s));
  return [...known, ...[...found].filter((s) => !(s in SUFFIX_COMPUTE_TYPE)).sort()];
}

function describeVariants(suffixes: readonly string[]): string {
  if (suffixes.length === 0) return 'none (no encoder_model*.onnx)';
  return suffixes.map((s) => SUFFIX_COMPUTE_TYPE[s] ?? s.slice(1)).join(', ');
}

/**
 * The files for `computeType` among `availableFiles` (repo-relative paths). Throws a one-line
 * error naming `source` (repo id or folder), the compute type, and the variants it does have.
 */
export function selectOnnxVariant(
  availableFiles: readonly string[],
  computeType: string,
  source = 'the model',
): OnnxVariantFiles {
  const suffixes = COMPUTE_TYPE_SUFFIXES[computeType];
  if (!suffixes) {
    throw new WhisperxError(
      'usage',
      `--compute_type ${computeType}: unknown compute type. Use one of ${Object.keys(COMPUTE_TYPE_SUFFIXES).join(', ')}.`,
    );
  }
  const available = new Set(availableFiles);
  for (const suffix of suffixes) {
    for (const dir of DIRS) {
      const encoder = `${dir}encoder_model${suffix}.onnx`;
      if (!available.has(encoder)) continue;
      const merged = `${dir}decoder_model_merged${suffix}.onnx`;
      const plain = `${dir}decoder_model${suffix}.onnx`;
      const withPast = `${dir}decoder_with_past_model${suffix}.onnx`;
      let picked: Pick<OnnxVariantFiles, 'decoderMerged' | 'decoder' | 'decoderWithPast'> | undefined;
      if (available.has(merged)) picked = { decoderMerged: merged };
      else if (available.has(plain) && available.has(withPast)) picked = { decoder: plain, decoderWithPast: withPast };
      if (!picked) continue;
      const graphs = [encoder, picked.decoderMerged, picked.decoder, picked.decoderWithPast].filter(
        (g): g is string => !!g,
      );
      return {
        computeType,
        suffix,
        encoder,
        ...picked,
        externalData: graphs.flatMap((g) => externalDataOf(g, available)),
      };
    }
  }
  const wanted = suffixes.map((s) => `encoder_model${s}.onnx + decoder_model_merged${s}.onnx`).join(' or ');
  throw new WhisperxError(
    'model',
    `${source} has no ONNX files for compute type ${computeType} (looked for onnx/${wanted}); it has: ${describeVariants(availableVariants(availableFiles))}. Pick --compute_type from those.`,
  );
}
