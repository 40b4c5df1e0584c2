/**
 * Default alignment models per language: WhisperX's DEFAULT_ALIGN_MODELS_TORCH (5) and
 * DEFAULT_ALIGN_MODELS_HF (36) of m-bain/whisperX whisperx/alignment.py (re-read at commit
 * 002a6972, same 41 languages and ids), 41 languages.
 * Only ONNX is loaded here, so each entry names the original model and, where one was verified
 * on the Hugging Face hub (page listing onnx/model*.onnx next to config.json and vocab.json), a
 * repo holding an ONNX export in Hugging Face layout (input `input_values`, output `logits`).
 *
 * Hub pages were read through the docs search (a stored copy, not the live hub). Languages with
 * no verified export keep `onnx: false` and fail with noOnnxError; `candidate` names a repo that
 * was seen to exist but whose file list was not seen (or whose layout does not fit the loader).
 */
import { WhisperxError } from '../errors.js';

export interface AlignModelEntry {
  /** The model WhisperX uses (a torchaudio bundle name or a Hugging Face repo id). */
  original: string;
  /** The hub repo loaded for this language (the original's HF id when there is no export). */
  repo: string;
  /** Whether `repo` holds a verified ONNX export. */
  onnx: boolean;
  /** ONNX file inside `repo` to load (only when `onnx`), e.g. 'onnx/model.onnx'. */
  onnxFile?: string;
  /** True when `repo` is a different model than WhisperX's default (same language, CTC, characters). */
  substitute?: boolean;
  /** Hub page(s) read as evidence for `onnx`/`onnxFile`, or what was searched when none was found. */
  evidence: string;
  /** A repo seen on the hub that may hold an export, not verified (file list unseen or other layout). */
  candidate?: string;
  /**
   * Input normalisation to use instead of the repo's preprocessor_config do_normalize, when the
   * model WhisperX runs differs: torchaudio's WAV2VEC2_ASR_BASE_960H takes the raw waveform while
   * the HF port's preprocessor_config says do_normalize true.
   */
  normalize?: boolean;
}

const HF = 'https://huggingface.co/';
const NOT_FOUND =
  'docs search (hub pages) for "<original> onnx", "Xenova|onnx-community wav2vec2 <language> onnx": ' +
  'only pytorch_model.bin / model.safetensors repos found';

/** WhisperX's defaults, language -> original model (torchaudio bundles first, then DEFAULT_ALIGN_MODELS_HF). */
export const WHISPERX_ALIGN_MODELS: Readonly<Record<string, string>> = Object.freeze({
  en: 'WAV2VEC2_ASR_BASE_960H',
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
});

/**
 * Hugging Face repos of the VoxPopuli fine-tunes torchaudio bundles (an export would start from
 * them; whisperX's TORCHAUDIO_PIPELINE_TO_HF spells them without "-ft", not verified here).
 */
const TORCHAUDIO_HF_TWIN: Record<string, string> = {
  VOXPOPULI_ASR_BASE_10K_FR: 'facebook/wav2vec2-base-10k-voxpopuli-ft-fr',
  VOXPOPULI_ASR_BASE_10K_DE: 'facebook/wav2vec2-base-10k-voxpopuli-ft-de',
  VOXPOPULI_ASR_BASE_10K_ES: 'facebook/wav2vec2-base-10k-voxpopuli-ft-es',
  VOXPOPULI_ASR_BASE_10K_IT: 'facebook/wav2vec2-base-10k-voxpopuli-ft-it',
};

/** Verified exports (same model, or a marked substitute). */
const VERIFIED: Record<string, Omit<AlignModelEntry, 'original' | 'onnx'>> = {
  en: {
    // facebook/wav2vec2-base-960h is the HF port of the fairseq weights torchaudio's
    // WAV2VEC2_ASR_BASE_960H bundles (same model; the HF vocabulary orders labels differently,
    // which alignment does not depend on). onnx-community/wav2vec2-base-960h-ONNX is a twin.
    repo: 'Xenova/wav2vec2-base-960h',
    onnxFile: 'onnx/model.onnx',
    normalize: false,
    evidence:
      `${HF}Xenova/wav2vec2-base-960h/tree/main/onnx (model.onnx 378 MB, model_quantized.onnx 95.3 MB); ` +
      `${HF}Xenova/wav2vec2-base-960h (README: ONNX weights of facebook/wav2vec2-base-960h)`,
  },
  de: {
    // Substitute: WhisperX runs torchaudio's VoxPopuli base 10k German; no export of it was found.
    // This is a wav2vec2-large-xlsr-53 CTC fine-tune on Common Voice 9 German (character vocab),
    // exported by the hub's ONNX export bot (optimum: input_values -> logits), merged into main.
    repo: 'oliverguhr/wav2vec2-large-xlsr-53-german-cv9',
    onnxFile: 'onnx/model.onnx',
    substitute: true,
    evidence:
      `${HF}oliverguhr/wav2vec2-large-xlsr-53-german-cv9/commit/b3f870e2d30431f99c0f19d17a1d3d870a8b26a9 ` +
      '(adds onnx/model.onnx 1.26 GB, onnx/config.json, onnx/vocab.json, onnx/preprocessor_config.json); ' +
      `${HF}oliverguhr/wav2vec2-large-xlsr-53-german-cv9/commits/main/onnx (merged to main as #1, 3c90caa); ` +
      `${HF}oliverguhr/wav2vec2-large-xlsr-53-german-cv9/tree/refs%2Fpr%2F3 (root config.json, preprocessor_config.json)`,
  },
};

/** Repos seen on the hub that may hold an export of the original, not verified. */
const CANDIDATES: Record<string, { candidate: string; evidence: string }> = {
  ru: {
    candidate: 'onnx-community/wav2vec2-large-xlsr-53-russian-ONNX',
    evidence: `${HF}models?other=mozilla-foundation%2Fcommon_voice_6_0 lists the repo; its file list was not seen`,
  },
  zh: {
    candidate: 'Ciwiruk/wav2vec2-large-xlsr-53-chinese-zh-cn-onnx',
    evidence: `${HF}Ciwiruk/datasets (activity: published the repo); its file list was not seen`,
  },
  ar: {
    candidate: 'YHZDigital/wav2vec2-arabic-align-onnx',
    evidence: `${HF}YHZDigital/wav2vec2-arabic-align-onnx (fp16 export of the same model); file names not seen`,
  },
};

function entryFor(language: string, original: string): AlignModelEntry {
  const verified = VERIFIED[language];
  if (verified) return { original, onnx: true, ...verified };
  const repo = TORCHAUDIO_HF_TWIN[original] ?? original;
  const seen = CANDIDATES[language];
  return seen ? { original, repo, onnx: false, ...seen } : { original, repo, onnx: false, evidence: NOT_FOUND };
}

/** The table, language code -> entry (WhisperX's 41 languages). */
export const DEFAULT_ALIGN_MODELS: Readonly<Record<string, AlignModelEntry>> = Object.freeze(
  Object.fromEntries(
    Object.entries(WHISPERX_ALIGN_MODELS).map(([lang, original]) => [lang, Object.freeze(entryFor(lang, original))]),
  ),
);

/** The entry for a language (only one with a verified export), or a WhisperxError naming the ways forward. */
export function defaultAlignModel(language: string): AlignModelEntry {
  const entry = Object.hasOwn(DEFAULT_ALIGN_MODELS, language) ? DEFAULT_ALIGN_MODELS[language] : undefined;
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

/** Error for a language whose default model has no verified ONNX export. */
export function noOnnxError(language: string, entry: AlignModelEntry): WhisperxError {
  const maybe = entry.candidate ? ` (unverified candidate to try: --align_model ${entry.candidate})` : '';
  return new WhisperxError(
    'model',
    `Alignment for "${language}": the default model ${entry.repo} has no ONNX export verified on the hub and only ONNX is loaded. ` +
      `Either pass --align_model <repo id holding onnx/model.onnx>${maybe}, or export it once with ` +
      `\`optimum-cli export onnx --model ${entry.repo} --task automatic-speech-recognition <folder>\` ` +
      `(move model.onnx into <folder>/onnx/) and pass --align_model <folder> (a local folder), or use --no_align.`,
  );
}
