/**
 * Where each WhisperX alignment model's weights can be loaded from, as seen on the Hugging Face
 * hub's pages. The hub itself cannot be reached from the build machines: the pages were read as
 * stored copies through the docs search (tree / blob / commits / discussion pages of each repo), and
 * `evidence` names the page and what it showed. An entry whose file list was not seen says so;
 * it is still tried at `main` (the error then names --align_model).
 */

export type AlignModelFormat = 'onnx' | 'safetensors' | 'none';

export interface AlignModelSource {
  /** Repo loaded for this language (the original's HF id unless `substitute`). */
  repo: string;
  /** 'onnx': an ONNX export; 'safetensors': the graph is built here from config.json + weights; 'none': no loadable weights known. */
  format: AlignModelFormat;
  /** Branch, PR ref or commit holding `file`. Default 'main'. */
  revision?: string;
  /** File loaded ('onnx/model.onnx', 'model.safetensors'). */
  file?: string;
  /** Size as the hub page shows it (e.g. '1.27 GB'), when seen. */
  size?: string;
  /** Whether the page listing `file` at `revision` was seen (false: tried unverified). */
  verified: boolean;
  /** A different model than WhisperX's (same language, CTC over characters). */
  substitute?: boolean;
  /** Input normalisation to use instead of preprocessor_config's (torchaudio's base-960h takes the raw waveform). */
  normalize?: boolean;
  /** Hub page(s) read, and what they showed. */
  evidence: string;
  /** For 'none': why, in a few words (ends up in the one-line error). */
  why?: string;
}

const HF = 'https://huggingface.co/';
const SF = 'model.safetensors';
const CONVERT = 'SFconvertbot "Adding `safetensors` variant of this model"';
const NOT_SEEN =
  'docs search (hub pages) for "<repo> model.safetensors" and "<repo> Adding safetensors variant": no page listing the repo\'s files was found; tried at main';

const unseen = (repo: string): AlignModelSource => ({
  repo,
  format: 'safetensors',
  file: SF,
  verified: false,
  evidence: NOT_SEEN,
});

/** language -> source (WhisperX's 41 languages). */
export const ALIGN_MODEL_SOURCES: Readonly<Record<string, AlignModelSource>> = {
  en: {
    // facebook/wav2vec2-base-960h is the HF port of the fairseq weights torchaudio's WAV2VEC2_ASR_BASE_960H bundles
    repo: 'Xenova/wav2vec2-base-960h',
    format: 'onnx',
    file: 'onnx/model.onnx',
    size: '378 MB',
    verified: true,
    normalize: false,
    evidence: `${HF}Xenova/wav2vec2-base-960h/tree/main/onnx (model.onnx 378 MB); its README: ONNX weights of facebook/wav2vec2-base-960h`,
  },
  fr: {
    repo: 'facebook/wav2vec2-large-xlsr-53-french',
    format: 'safetensors',
    revision: 'refs/pr/1',
    file: SF,
    size: '1.26 GB',
    verified: true,
    substitute: true,
    evidence:
      `${HF}facebook/wav2vec2-base-10k-voxpopuli-ft-fr/commits/main (WhisperX's VoxPopuli model: pytorch_model.bin 378 MB only, no safetensors, no PR); ` +
      `substitute ${HF}facebook/wav2vec2-large-xlsr-53-french/tree/refs%2Fpr%2F1 (${CONVERT}, 442730c: model.safetensors 1.26 GB, config.json, vocab.json)`,
  },
  de: {
    repo: 'oliverguhr/wav2vec2-large-xlsr-53-german-cv9',
    format: 'onnx',
    file: 'onnx/model.onnx',
    size: '1.26 GB',
    verified: true,
    substitute: true,
    evidence:
      `${HF}oliverguhr/wav2vec2-large-xlsr-53-german-cv9/commit/b3f870e2d30431f99c0f19d17a1d3d870a8b26a9 (adds onnx/model.onnx 1.26 GB, ` +
      `merged to main as #1); WhisperX's VOXPOPULI_ASR_BASE_10K_DE twin facebook/wav2vec2-base-10k-voxpopuli-ft-de: no safetensors seen`,
  },
  es: {
    repo: 'facebook/wav2vec2-base-10k-voxpopuli-ft-es',
    format: 'none',
    verified: false,
    evidence:
      `${HF}facebook/wav2vec2-base-10k-voxpopuli-ft-fr/commits/main shows the VoxPopuli fine-tunes hold only pytorch_model.bin; ` +
      'no safetensors page was found for the -es twin nor for a Spanish substitute',
    why: 'WhisperX uses torchaudio VOXPOPULI_ASR_BASE_10K_ES, whose Hugging Face twin has only pytorch_model.bin (a pickle, never loaded)',
  },
  it: {
    repo: 'facebook/wav2vec2-large-xlsr-53-italian',
    format: 'safetensors',
    revision: 'refs/pr/1',
    file: SF,
    size: '1.26 GB',
    verified: true,
    substitute: true,
    evidence:
      `${HF}facebook/wav2vec2-large-xlsr-53-italian/blob/refs%2Fpr%2F1/model.safetensors (${CONVERT}, 845ae57, 1.26 GB, sha256 8a098cc3…); ` +
      "WhisperX's VOXPOPULI_ASR_BASE_10K_IT twin: only pytorch_model.bin seen in the family",
  },
  ja: {
    repo: 'jonatasgrosman/wav2vec2-large-xlsr-53-japanese',
    format: 'safetensors',
    revision: 'refs/pr/2',
    file: SF,
    size: '1.27 GB',
    verified: true,
    evidence:
      `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-japanese/commits/refs%2Fpr%2F2/model.safetensors (${CONVERT}, 348941b); ` +
      `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-japanese/tree/348941b3da3bc1322be925c386d652c43d2c9b6b (model.safetensors 1.27 GB, config.json, vocab.json)`,
  },
  zh: {
    repo: 'jonatasgrosman/wav2vec2-large-xlsr-53-chinese-zh-cn',
    format: 'safetensors',
    revision: 'refs/pr/1',
    file: SF,
    size: '1.28 GB',
    verified: true,
    evidence:
      `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-chinese-zh-cn/discussions (#1 ${CONVERT}, open: refs/pr/1); ` +
      `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-chinese-zh-cn/tree/8f88a77d492200c56c503ff8fe233ddd97c0ac87 (that PR's commit: model.safetensors 1.28 GB)`,
  },
  nl: {
    repo: 'jonatasgrosman/wav2vec2-large-xlsr-53-dutch',
    format: 'safetensors',
    revision: 'refs/pr/2',
    file: SF,
    verified: true,
    evidence: `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-dutch/commits/refs%2Fpr%2F2/model.safetensors (${CONVERT}, 3f9aecf; size not shown, pytorch_model.bin is 1.26 GB)`,
  },
  uk: unseen('Yehor/wav2vec2-xls-r-300m-uk-with-small-lm'),
  pt: {
    ...unseen('jonatasgrosman/wav2vec2-large-xlsr-53-portuguese'),
    evidence: `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-portuguese/tree/c01a4786e7a9d5436f1a8505e0fb8fad89571b06 and later main pages: pytorch_model.bin 1.26 GB only; no safetensors PR seen; tried at main`,
  },
  ar: {
    repo: 'jonatasgrosman/wav2vec2-large-xlsr-53-arabic',
    format: 'safetensors',
    revision: 'refs/pr/1',
    file: SF,
    size: '1.26 GB',
    verified: true,
    evidence: `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-arabic/blob/refs%2Fpr%2F1/model.safetensors (${CONVERT}, ae71c69, 1.26 GB, sha256 cd27beae…)`,
  },
  cs: {
    repo: 'comodoro/wav2vec2-xls-r-300m-cs-250',
    format: 'safetensors',
    file: SF,
    verified: true,
    evidence: `${HF}comodoro/wav2vec2-xls-r-300m-cs-250/commits/ebcfdb85abbc39e89d5a68b5f83f3052f12eafb2 (${CONVERT} (#1) merged into main, 3949edf; size not shown)`,
  },
  ru: {
    repo: 'jonatasgrosman/wav2vec2-large-xlsr-53-russian',
    format: 'safetensors',
    revision: 'refs/pr/1',
    file: SF,
    verified: true,
    evidence:
      `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-russian/discussions/1 (${CONVERT}, from refs/pr/1, 83aeeb04, +4 -0, open); ` +
      'an ONNX export onnx-community/wav2vec2-large-xlsr-53-russian-ONNX also exists (--align_model works with it)',
  },
  pl: unseen('jonatasgrosman/wav2vec2-large-xlsr-53-polish'),
  hu: {
    repo: 'jonatasgrosman/wav2vec2-large-xlsr-53-hungarian',
    format: 'none',
    verified: false,
    evidence: `${HF}jonatasgrosman/wav2vec2-large-xlsr-53-hungarian/tree/77b5aa02adf7577dc92a6e31856438b043b24000 (${CONVERT}: model.safetensors 1.26 GB), the PR ref holding that commit was not seen`,
    why: 'its model.safetensors lives in commit 77b5aa02adf7577dc92a6e31856438b043b24000 (a conversion PR), not on main',
  },
  fi: unseen('jonatasgrosman/wav2vec2-large-xlsr-53-finnish'),
  fa: unseen('jonatasgrosman/wav2vec2-large-xlsr-53-persian'),
  el: unseen('jonatasgrosman/wav2vec2-large-xlsr-53-greek'),
  tr: {
    repo: 'mpoyraz/wav2vec2-xls-r-300m-cv7-turkish',
    format: 'safetensors',
    revision: 'refs/pr/1',
    file: SF,
    size: '1.26 GB',
    verified: true,
    evidence: `${HF}mpoyraz/wav2vec2-xls-r-300m-cv7-turkish/tree/refs%2Fpr%2F1 (${CONVERT}, 3ef4190: model.safetensors 1.26 GB, config.json, vocab.json)`,
  },
  da: {
    repo: 'saattrupdan/wav2vec2-xls-r-300m-ftspeech',
    format: 'safetensors',
    file: SF,
    verified: true,
    evidence: `${HF}saattrupdan/wav2vec2-xls-r-300m-ftspeech/commits/61a4c4b3b708028e11069e9d4da953e903aa5e7b (${CONVERT} (#1) merged into main, 072c607; size not shown)`,
  },
  he: unseen('imvladikon/wav2vec2-xls-r-300m-hebrew'),
  vi: unseen('nguyenvulebinh/wav2vec2-base-vi-vlsp2020'),
  ko: unseen('kresnik/wav2vec2-large-xlsr-korean'),
  ur: unseen('kingabzpro/wav2vec2-large-xls-r-300m-Urdu'),
  te: unseen('anuragshas/wav2vec2-large-xlsr-53-telugu'),
  hi: unseen('theainerd/Wav2Vec2-large-xlsr-hindi'),
  ca: unseen('softcatala/wav2vec2-large-xlsr-catala'),
  ml: unseen('gvs/wav2vec2-large-xlsr-malayalam'),
  no: unseen('NbAiLab/nb-wav2vec2-1b-bokmaal-v2'),
  nn: unseen('NbAiLab/nb-wav2vec2-1b-nynorsk'),
  sk: unseen('comodoro/wav2vec2-xls-r-300m-sk-cv8'),
  sl: unseen('anton-l/wav2vec2-large-xlsr-53-slovenian'),
  hr: unseen('classla/wav2vec2-xls-r-parlaspeech-hr'),
  ro: unseen('gigant/romanian-wav2vec2'),
  eu: unseen('stefan-it/wav2vec2-large-xlsr-53-basque'),
  gl: unseen('ifrz/wav2vec2-large-xlsr-galician'),
  ka: unseen('xsway/wav2vec2-large-xlsr-georgian'),
  lv: unseen('jimregan/wav2vec2-large-xlsr-latvian-cv'),
  tl: unseen('Khalsuu/filipino-wav2vec2-l-xls-r-300m-official'),
  sv: unseen('KBLab/wav2vec2-large-voxrex-swedish'),
  id: unseen('cahya/wav2vec2-large-xlsr-indonesian'),
};
