/**
 * Default alignment models per language: WhisperX's DEFAULT_ALIGN_MODELS_TORCH (5) and
 * DEFAULT_ALIGN_MODELS_HF (36) of m-bain/whisperX whisperx/alignment.py (re-read at commit
 * 002a6972, same 41 languages and ids), 41 languages.
 *
 * Each entry says how the language's model is loaded (align-model-sources.ts holds the hub
 * evidence): an ONNX export, or the checkpoint's config.json + safetensors, from which the ONNX
 * graph is built here once (wav2vec2-graph/). A language with no loadable weights known fails
 * with one line naming --align_model.
 */
import { WhisperxError } from '../errors.js';
import { ALIGN_MODEL_SOURCES, type AlignModelSource } from './align-model-sources.js';

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

/** A language's default alignment model. */
export interface AlignModelEntry extends AlignModelSource {
  /** The model WhisperX uses (a torchaudio bundle name or a Hugging Face repo id). */
  original: string;
  /** Branch, PR ref or commit holding `file` ('main' when the source names none). */
  revision: string;
}

/** The table, language code -> entry (WhisperX's 41 languages). */
export const DEFAULT_ALIGN_MODELS: Readonly<Record<string, AlignModelEntry>> = Object.freeze(
  Object.fromEntries(
    Object.entries(WHISPERX_ALIGN_MODELS).map(([lang, original]) => {
      const source = ALIGN_MODEL_SOURCES[lang];
      return [lang, Object.freeze({ original, ...source, revision: source.revision ?? 'main' })];
    }),
  ),
);

/** The entry for a language with loadable weights, or a WhisperxError naming --align_model. */
export function defaultAlignModel(language: string): AlignModelEntry {
  const entry = Object.hasOwn(DEFAULT_ALIGN_MODELS, language) ? DEFAULT_ALIGN_MODELS[language] : undefined;
  if (!entry) {
    throw new WhisperxError(
      'model',
      `No default alignment model for language "${language}": pass --align_model mms (multilingual, CC-BY-NC 4.0) ` +
        'or --align_model <a wav2vec2 CTC repo id or folder fine-tuned on it>, or --no_align.',
    );
  }
  if (entry.format === 'none') throw noWeightsError(language, entry);
  return entry;
}

/** Error for a language whose default model has no safetensors nor ONNX weights known. */
export function noWeightsError(language: string, entry: AlignModelEntry): WhisperxError {
  return new WhisperxError(
    'model',
    `Alignment for "${language}": ${entry.repo} has no safetensors or ONNX weights known (${entry.why ?? 'only a pickle checkpoint'}); ` +
      `pass --align_model <repo id or local folder with model.safetensors or onnx/model.onnx> (or --align_model mms), or --no_align.`,
  );
}
