/**
 * Whisper's tokenizer: byte-level BPE from tokenizer.json (via @huggingface/tokenizers) plus the
 * special ids every decoding step needs, all looked up in the vocabulary by their text (never
 * hard-coded numbers), so multilingual, `.en` and large-v3 vocabularies all work.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { WhisperxError } from '../errors.js';
import { LANGUAGES, toLanguageCode } from './languages.js';

/** Seconds per timestamp token step (Whisper's 20 ms). */
export const TIME_PRECISION = 0.02;

export interface DecodeOptions {
  /** Drop special tokens (sot, language, task, eot, ...) and a leading `<|startofprev|>` prompt. Default false. */
  skipSpecial?: boolean;
}

export interface WhisperSpecialIds {
  /** `<|endoftext|>` (also pad). */
  eot: number;
  /** `<|startoftranscript|>`. */
  sot: number;
  /** `<|startofprev|>` (starts a text prompt). */
  sotPrev: number;
  /** `<|startoflm|>`. */
  sotLm: number;
  /** `<|notimestamps|>`. */
  noTimestamps: number;
  /** `<|nospeech|>` or `<|nocaptions|>` (older vocabularies); -1 when absent. */
  noSpeech: number;
  /** `<|transcribe|>`; -1 on `.en` vocabularies without it. */
  transcribe: number;
  /** `<|translate|>`; -1 when absent. */
  translate: number;
  /** First timestamp token `<|0.00|>`; every id >= this is a timestamp. */
  timestampBegin: number;
}

function requireId(tok: Tokenizer, text: string): number {
  const id = tok.token_to_id(text);
  if (id === undefined) {
    throw new WhisperxError(
      'model',
      `tokenizer.json: the vocabulary has no ${text} token; this is not a Whisper tokenizer.`,
    );
  }
  return id;
}

export class WhisperTokenizer {
  readonly special: WhisperSpecialIds;
  /** True for multilingual vocabularies (they hold language tokens). */
  readonly multilingual: boolean;
  /** Language codes of this vocabulary, in token order. */
  readonly languageCodes: readonly string[];
  /** Token id of each language code (same order as languageCodes). */
  readonly languageTokenIds: readonly number[];
  /** Total ids, added tokens included. */
  readonly vocabSize: number;
  private readonly tok: Tokenizer;
  private readonly specialSet: ReadonlySet<number>;
  private numeralCache: number[] | undefined;

  constructor(tokenizerJson: object, tokenizerConfig: object) {
    this.tok = new Tokenizer(tokenizerJson, tokenizerConfig);
    const t = this.tok;
    const optional = (text: string) => t.token_to_id(text) ?? -1;
    const timestampBegin = requireId(t, '<|0.00|>');
    this.special = {
      eot: requireId(t, '<|endoftext|>'),
      sot: requireId(t, '<|startoftranscript|>'),
      sotPrev: requireId(t, '<|startofprev|>'),
      sotLm: optional('<|startoflm|>'),
      noTimestamps: requireId(t, '<|notimestamps|>'),
      noSpeech: t.token_to_id('<|nospeech|>') ?? optional('<|nocaptions|>'),
      transcribe: optional('<|transcribe|>'),
      translate: optional('<|translate|>'),
      timestampBegin,
    };
    const codes: string[] = [];
    const ids: number[] = [];
    for (const [code] of LANGUAGES) {
      const id = t.token_to_id(`<|${code}|>`);
      if (id !== undefined) {
        codes.push(code);
        ids.push(id);
      }
    }
    this.languageCodes = codes;
    this.languageTokenIds = ids;
    this.multilingual = ids.length > 0;
    const special = new Set<number>();
    for (const [id, added] of t.get_added_tokens_decoder()) if (added.special) special.add(id);
    this.specialSet = special;
    this.vocabSize = t.get_vocab(true).size;
  }

  /** Token id of a language (code, name or alias); throws a usage error when the model lacks it. */
  languageToken(language: string): number {
    const code = toLanguageCode(language);
    const index = code === undefined ? -1 : this.languageCodes.indexOf(code);
    if (index < 0) {
      const which = this.multilingual ? 'this model' : 'this English-only (.en) model';
      throw new WhisperxError(
        'usage',
        `--language ${language}: ${which} has no such language. Use one of: ${this.languageCodes.join(', ') || '(none)'}.`,
      );
    }
    return this.languageTokenIds[index];
  }

  /** Language code of a language token id, or undefined. */
  languageOfToken(id: number): string | undefined {
    const index = this.languageTokenIds.indexOf(id);
    return index < 0 ? undefined : this.languageCodes[index];
  }

  /** Text -> ids with no special tokens added. */
  encode(text: string): number[] {
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  /** Text -> ids with the tokenizer's default template (`<|startoftranscript|><|notimestamps|> ... <|endoftext|>`). */
  encodeWithSpecial(text: string): number[] {
    return this.tok.encode(text).ids;
  }

  /** Text -> BPE token strings (no special tokens added). */
  tokenize(text: string): string[] {
    return this.tok.tokenize(text, { add_special_tokens: false });
  }

  /** True for timestamp ids. */
  isTimestamp(id: number): boolean {
    return id >= this.special.timestampBegin;
  }

  /** True for special ids (sot, languages, tasks, eot, ...) and timestamps. */
  isSpecial(id: number): boolean {
    return id >= this.special.timestampBegin || this.specialSet.has(id);
  }

  /**
   * Ids -> text as Hugging Face's WhisperTokenizer.decode: timestamp ids are left out; with
   * `skipSpecial` special ids and a leading `<|startofprev|> ...` prompt are too.
   */
  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    let list = ids.filter((id) => id < this.special.timestampBegin);
    if (options.skipSpecial) {
      if (list[0] === this.special.sotPrev) {
        const sotAt = list.indexOf(this.special.sot);
        list = sotAt >= 0 ? list.slice(sotAt) : [];
      }
      list = list.filter((id) => !this.specialSet.has(id));
    }
    // A window of only special or timestamp tokens has no text; the tokenizer library throws on an
    // empty list instead of returning ''.
    if (list.length === 0) return '';
    return this.tok.decode(list, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  /** Ids -> text with timestamps written as `<|1.08|>` (HF `decode_with_timestamps=True`). */
  decodeWithTimestamps(ids: readonly number[]): string {
    let out = '';
    let run: number[] = [];
    const flush = () => {
      if (run.length) out += this.tok.decode(run, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
      run = [];
    };
    for (const id of ids) {
      if (id >= this.special.timestampBegin) {
        flush();
        out += `<|${formatTimestamp(id - this.special.timestampBegin)}|>`;
      } else run.push(id);
    }
    flush();
    return out;
  }

  /**
   * Ids of tokens that contain a digit or one of `%$£` (WhisperX's `suppress_numerals` list:
   * each text token decoded alone, a leading space removed). Computed once per tokenizer.
   */
  numeralSymbolTokens(): readonly number[] {
    if (this.numeralCache) return this.numeralCache;
    const out: number[] = [];
    for (let id = 0; id < this.special.eot; id++) {
      const text = this.tok.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
      if (/[0-9%$£]/.test(text)) out.push(id);
    }
    this.numeralCache = out;
    return out;
  }
}

/** Timestamp index (20 ms steps) -> "12.34" without floating-point rounding. */
export function formatTimestamp(index: number): string {
  const hundredths = index * 2;
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** Seconds of a timestamp id. */
export function timestampSeconds(id: number, timestampBegin: number): number {
  return ((id - timestampBegin) * 2) / 100;
}
