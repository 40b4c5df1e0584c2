/**
 * Default alignment models per language: WhisperX's DEFAULT_ALIGN_MODELS_TORCH (5) and
 * DEFAULT_ALIGN_MODELS_HF (36) of m-bain/whisperX@2cfd7b7 whisperx/alignment.py, 41 languages.
 * Only ONNX is loaded here, so each entry names the original model and, where one was verified
 * on the Hugging Face hub, a repo holding an ONNX export in `onnx/model*.onnx`.
 *
 * Evidence (hub pages read through the docs search, 2026-11):
 * - en: huggingface.co/Xenova/wav2vec2-base-960h/tree/main/onnx lists model.onnx (378 MB) and
 *   quantized variants; it is facebook/wav2vec2-base-960h, the HF port of the fairseq weights that
 *   torchaudio's WAV2VEC2_ASR_BASE_960H bundles (same model; the HF vocabulary orders labels
 *   differently, which alignment does not depend on). onnx-community/wav2vec2-base-960h-ONNX
 *   also holds onnx/model.onnx (same size).
 * - Every other language: searches for an ONNX export of the listed model (jonatasgrosman/*,
 *   VoxPopuli bundles, ...) found none (their repos hold pytorch_model.bin / model.safetensors only),
 *   so they are `onnx: false` until someone publishes one or exports it locally.
 */
import { WhisperxError } from '../errors.js';

export interface AlignModelEntry {
  /** The model WhisperX uses (a torchaudio bundle name or a Hugging Face repo id). */
  original: string;
  /** A hub repo with onnx/model.onnx + config/vocab/preprocessor files (when `onnx`). */
  repo: string;
  /** Whether `repo` holds a verified ONNX export. */
  onnx: boolean;
  /**
   * Input normalisation to use instead of the repo's preprocessor_config do_normalize, when the
   * model WhisperX runs differs: torchaudio's WAV2VEC2_ASR_BASE_960H takes the raw waveform while
   * the HF port's preprocessor_config says do_normalize true.
   */
  normalize?: boolean;
}

const ONNX: Record<string, [original: string, repo: string]> = {
  en: ['WAV2VEC2_ASR_BASE_960H', 'Xenova/wav2vec2-base-960h'],
};

/** WhisperX's HF defaults (and the torchaudio VoxPopuli bundles, whose HF twins are listed). */
const NO_ONNX: Record<string, string> = {
  fr: 'VOXPOPULI_ASR_BASE_10K_FR',
  de: 'VOXPOPULI_ASR_BASE_10K_DE',
  es: 'VOXPOPULI_ASR_BASE_10K_ES',
  it: 'VOXPOPULI_ASR_BASE_10K_IT',
  ja: 'jonatasgrosman/wav2vec2-large-xlsr-53-japanese',
  zh: 'jonatasgrosman/wav2vec2-large-xlsr-53-chinese-zh-cn',
  nl: 'jonatasgrosman/wav2vec2-large-xlsr-53-dutch',
  uk: 'Yehor/wav2vec2-xls-r-300m-uk-with-small-lm',
  pt: 'jonatasgrosman/wav2vec2-large-xlsr-53-portuguese',
  ar: 'jonatasgrosman/wav2vec2-large-xlsr-53-arabic',
  cs: 'comodoro/wav2vec2-xls-r-300m-cs-250',
  ru: 'jonatasgrosman/wav2vec2-large-xlsr-53-russian',
  pl: 'jonatasgrosman/wav2vec2-large-xlsr-53-polish',
  hu: 'jonatasgrosman/wav2vec2-large-xlsr-53-hungarian',
  fi: 'jonatasgrosman/wav2vec2-large-xlsr-53-finnish',
  fa: 'jonatasgrosman/wav2vec2-large-xlsr-53-persian',
  el: 'jonatasgrosman/wav2vec2-large-xlsr-53-greek',
  tr: 'mpoyraz/wav2vec2-xls-r-300m-cv7-turkish',
  da: 'saattrupdan/wav2vec2-xls-r-300m-ftspeech',
  he: 'imvladikon/wav2vec2-xls-r-300m-hebrew',
  vi: 'nguyenvulebinh/wav2vec2-base-vi-vlsp2020',
  ko: 'kresnik/wav2vec2-large-xlsr-korean',
  ur: 'kingabzpro/wav2vec2-large-xls-r-300m-Urdu',
  te: 'anuragshas/wav2vec2-large-xlsr-53-telugu',
  hi: 'theainerd/Wav2Vec2-large-xlsr-hindi',
  ca: 'softcatala/wav2vec2-large-xlsr-catala',
  ml: 'gvs/wav2vec2-large-xlsr-malayalam',
  no: 'NbAiLab/nb-wav2vec2-1b-bokmaal-v2',
  nn: 'NbAiLab/nb-wav2vec2-1b-nynorsk',
  sk: 'comodoro/wav2vec2-xls-r-300m-sk-cv8',
  sl: 'anton-l/wav2vec2-large-xlsr-53-slovenian',
  hr: 'classla/wav2vec2-xls-r-parlaspeech-hr',
  ro: 'gigant/romanian-wav2vec2',
  eu: 'stefan-it/wav2vec2-large-xlsr-53-basque',
  gl: 'ifrz/wav2vec2-large-xlsr-galician',
  ka: 'xsway/wav2vec2-large-xlsr-georgian',
  lv: 'jimregan/wav2vec2-large-xlsr-latvian-cv',
  tl: 'Khalsuu/filipino-wav2vec2-l-xls-r-300m-official',
  sv: 'KBLab/wav2vec2-large-voxrex-swedish',
  id: 'cahya/wav2vec2-large-xlsr-indonesian',
};

/** Hugging Face repos of the VoxPopuli fine-tunes torchaudio bundles (names not verified here; an export would start from them). */
const TORCHAUDIO_HF_TWIN: Record<string, string> = {
  VOXPOPULI_ASR_BASE_10K_FR: 'facebook/wav2vec2-base-10k-voxpopuli-ft-fr',
  VOXPOPULI_ASR_BASE_10K_DE: 'facebook/wav2vec2-base-10k-voxpopuli-ft-de',
  VOXPOPULI_ASR_BASE_10K_ES: 'facebook/wav2vec2-base-10k-voxpopuli-ft-es',
  VOXPOPULI_ASR_BASE_10K_IT: 'facebook/wav2vec2-base-10k-voxpopuli-ft-it',
};

/** The table, language code -> entry (41 languages). */
export const DEFAULT_ALIGN_MODELS: Readonly<Record<string, AlignModelEntry>> = Object.freeze({
  ...Object.fromEntries(
    Object.entries(ONNX).map(([lang, [original, repo]]) => [lang, { original, repo, onnx: true, normalize: false }]),
  ),
  ...Object.fromEntries(
    Object.entries(NO_ONNX).map(([lang, original]) => [
      lang,
      { original, repo: TORCHAUDIO_HF_TWIN[original] ?? original, onnx: false },
    ]),
  ),
});

/** The entry for a language, or a WhisperxError naming the ways forward. */
export function defaultAlignModel(language: string): AlignModelEntry {
  const entry = DEFAULT_ALIGN_MODELS[language];
  if (!entry) {
    throw new WhisperxError(
      'model',
      `No default alignment model for language "${language}". Find a wav2vec2 CTC model fine-tuned on it ` +
        '(huggingface.co/models), export it to ONNX and pass --align_model <repo id with onnx/model.onnx | local folder>.',
    );
  }
  if (!entry.onnx) throw noOnnxError(language, entry);
  return entry;
}

/** Error for a language whose default model has no ONNX export. */
export function noOnnxError(language: string, entry: AlignModelEntry): WhisperxError {
  return new WhisperxError(
    'model',
    `Alignment for "${language}": the default model ${entry.repo} has no ONNX export on the hub and only ONNX is loaded. ` +
      `Either pass --align_model <repo id holding onnx/model.onnx>, or export it once with ` +
      `\`optimum-cli export onnx --model ${entry.repo} --task automatic-speech-recognition <folder>\` ` +
      `(move model.onnx into <folder>/onnx/) and pass --align_model <folder>, or use --no_align.`,
  );
}
