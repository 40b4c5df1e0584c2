/**
 * The character vocabulary of WhisperX's default English aligner (torchaudio's
 * WAV2VEC2_ASR_BASE_960H: '-' blank, '|' word separator, upper-case letters and the
 * apostrophe), for tests and benchmarks of the alignment search without a model.
 */
import { lowerCaseDictionary } from '../text-clean.js';

/** Labels in emission-column order: LABELS[i] is column i. */
export const LABELS = [
  '-',
  '|',
  'E',
  'T',
  'A',
  'O',
  'N',
  'I',
  'H',
  'S',
  'R',
  'D',
  'L',
  'U',
  'M',
  'W',
  'C',
  'F',
  'G',
  'Y',
  'P',
  'B',
  'V',
  'K',
  "'",
  'X',
  'J',
  'Q',
  'Z',
];

/** Column of each label. */
export const LABEL_IDS: Record<string, number> = Object.fromEntries(LABELS.map((c, i) => [c, i]));

/** The dictionary align() builds from that vocabulary (lower-cased keys). */
export const ENGLISH_DICTIONARY = lowerCaseDictionary(LABEL_IDS);
