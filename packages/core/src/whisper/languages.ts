/**
 * Whisper's language table: code -> English name, in the order of the language tokens in the
 * vocabulary (`<|en|>` is the first language token). 99 languages for every multilingual model;
 * `yue` (Cantonese) exists only in large-v3's 51866-token vocabulary. Which codes a model really
 * has is decided by its vocabulary (see tokenizer.ts), not by this list.
 */
export const LANGUAGES: ReadonlyArray<readonly [code: string, name: string]> = [
  ['en', 'english'], ['zh', 'chinese'], ['de', 'german'], ['es', 'spanish'], ['ru', 'russian'],
  ['ko', 'korean'], ['fr', 'french'], ['ja', 'japanese'], ['pt', 'portuguese'], ['tr', 'turkish'],
  ['pl', 'polish'], ['ca', 'catalan'], ['nl', 'dutch'], ['ar', 'arabic'], ['sv', 'swedish'],
  ['it', 'italian'], ['id', 'indonesian'], ['hi', 'hindi'], ['fi', 'finnish'], ['vi', 'vietnamese'],
  ['he', 'hebrew'], ['uk', 'ukrainian'], ['el', 'greek'], ['ms', 'malay'], ['cs', 'czech'],
  ['ro', 'romanian'], ['da', 'danish'], ['hu', 'hungarian'], ['ta', 'tamil'], ['no', 'norwegian'],
  ['th', 'thai'], ['ur', 'urdu'], ['hr', 'croatian'], ['bg', 'bulgarian'], ['lt', 'lithuanian'],
  ['la', 'latin'], ['mi', 'maori'], ['ml', 'malayalam'], ['cy', 'welsh'], ['sk', 'slovak'],
  ['te', 'telugu'], ['fa', 'persian'], ['lv', 'latvian'], ['bn', 'bengali'], ['sr', 'serbian'],
  ['az', 'azerbaijani'], ['sl', 'slovenian'], ['kn', 'kannada'], ['et', 'estonian'], ['mk', 'macedonian'],
  ['br', 'breton'], ['eu', 'basque'], ['is', 'icelandic'], ['hy', 'armenian'], ['ne', 'nepali'],
  ['mn', 'mongolian'], ['bs', 'bosnian'], ['kk', 'kazakh'], ['sq', 'albanian'], ['sw', 'swahili'],
  ['gl', 'galician'], ['mr', 'marathi'], ['pa', 'punjabi'], ['si', 'sinhala'], ['km', 'khmer'],
  ['sn', 'shona'], ['yo', 'yoruba'], ['so', 'somali'], ['af', 'afrikaans'], ['oc', 'occitan'],
  ['ka', 'georgian'], ['be', 'belarusian'], ['tg', 'tajik'], ['sd', 'sindhi'], ['gu', 'gujarati'],
  ['am', 'amharic'], ['yi', 'yiddish'], ['lo', 'lao'], ['uz', 'uzbek'], ['fo', 'faroese'],
  ['ht', 'haitian creole'], ['ps', 'pashto'], ['tk', 'turkmen'], ['nn', 'nynorsk'], ['mt', 'maltese'],
  ['sa', 'sanskrit'], ['lb', 'luxembourgish'], ['my', 'myanmar'], ['bo', 'tibetan'], ['tl', 'tagalog'],
  ['mg', 'malagasy'], ['as', 'assamese'], ['tt', 'tatar'], ['haw', 'hawaiian'], ['ln', 'lingala'],
  ['ha', 'hausa'], ['ba', 'bashkir'], ['jw', 'javanese'], ['su', 'sundanese'], ['yue', 'cantonese'],
];

const BY_CODE = new Map(LANGUAGES.map(([code, name]) => [code, name]));
const BY_NAME = new Map(LANGUAGES.map(([code, name]) => [name, code]));
/** Other spellings accepted for a language (as openai/whisper's TO_LANGUAGE_CODE). */
const ALIASES: Record<string, string> = {
  burmese: 'my', valencian: 'ca', flemish: 'nl', haitian: 'ht', letzeburgesch: 'lb', pushto: 'ps',
  panjabi: 'pa', moldavian: 'ro', moldovan: 'ro', sinhalese: 'si', castilian: 'es', mandarin: 'zh',
};

/** Language code for a code, a name or an alias (case-insensitive); undefined when unknown. */
export function toLanguageCode(language: string): string | undefined {
  const key = language.trim().toLowerCase();
  if (BY_CODE.has(key)) return key;
  return BY_NAME.get(key) ?? ALIASES[key];
}

/** English name of a language code, or undefined. */
export function languageName(code: string): string | undefined {
  return BY_CODE.get(code);
}
