/** Kit cases of kind "tokenizer": every record of tokenizer_cases.json, exactly. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kitPath } from '../helpers/kit.js';
import { WhisperTokenizer } from '../../packages/core/src/whisper/tokenizer.js';
import { buildPrompt } from '../../packages/core/src/whisper/prompt.js';

interface TokenizerCase {
  id: string;
  kind: string;
  expected: string;
  model?: string;
}
interface Record_ {
  text: string;
  ids_add_special_tokens_false: number[];
  ids_default_prefix: number[];
  decode_skip_special_false: string;
  decode_skip_special_true: string;
  tokens: string[];
}
interface CasesFile {
  cases: Record_[];
  prefix_case: {
    set_prefix_tokens: { language: string; task: 'transcribe' | 'translate'; predict_timestamps: boolean };
    text: string;
    ids: number[];
  };
  timestamp_decode_case: { ids: number[]; decode_with_timestamps: string };
}

const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as {
  models: { whisper: string };
  cases: TokenizerCase[];
};
const dir = kitPath(kit.models.whisper);
const tokenizer = new WhisperTokenizer(
  JSON.parse(readFileSync(`${dir}/tokenizer.json`, 'utf8')),
  JSON.parse(readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
);

describe.each(kit.cases.filter((c) => c.kind === 'tokenizer'))('tokenizer golden $id', (c) => {
  const file = JSON.parse(readFileSync(kitPath(c.expected), 'utf8')) as CasesFile;
  it.each(file.cases.map((r, i) => ({ ...r, i })))('record $i', (r) => {
    expect(tokenizer.encode(r.text)).toEqual(r.ids_add_special_tokens_false);
    expect(tokenizer.encodeWithSpecial(r.text)).toEqual(r.ids_default_prefix);
    expect(tokenizer.tokenize(r.text)).toEqual(r.tokens);
    expect(tokenizer.decode(r.ids_default_prefix, { skipSpecial: true })).toBe(r.decode_skip_special_true);
    expect(tokenizer.decode(r.ids_add_special_tokens_false)).toBe(r.decode_skip_special_false);
    expect(tokenizer.decode(r.ids_add_special_tokens_false)).toBe(r.text);
  });

  it('prefix case (set_prefix_tokens)', () => {
    const p = file.prefix_case;
    const prompt = buildPrompt(tokenizer, {
      languageToken: tokenizer.languageToken(p.set_prefix_tokens.language),
      task: p.set_prefix_tokens.task,
      withoutTimestamps: !p.set_prefix_tokens.predict_timestamps,
      textContext: 448,
    });
    expect([...prompt.tokens, ...tokenizer.encode(p.text), tokenizer.special.eot]).toEqual(p.ids);
  });

  it('timestamp decode case', () => {
    const t = file.timestamp_decode_case;
    expect(tokenizer.decodeWithTimestamps(t.ids)).toBe(t.decode_with_timestamps);
  });
});

describe('special ids come from the vocabulary', () => {
  it('match the generation config of the kit model', () => {
    const gen = JSON.parse(readFileSync(`${dir}/generation_config.json`, 'utf8')) as {
      lang_to_id: Record<string, number>;
      task_to_id: Record<string, number>;
      no_timestamps_token_id: number;
      prev_sot_token_id: number;
      decoder_start_token_id: number;
      eos_token_id: number;
    };
    const s = tokenizer.special;
    expect(s.sot).toBe(gen.decoder_start_token_id);
    expect(s.eot).toBe(gen.eos_token_id);
    expect(s.noTimestamps).toBe(gen.no_timestamps_token_id);
    expect(s.sotPrev).toBe(gen.prev_sot_token_id);
    expect(s.transcribe).toBe(gen.task_to_id.transcribe);
    expect(s.translate).toBe(gen.task_to_id.translate);
    expect(s.timestampBegin).toBe(gen.no_timestamps_token_id + 1);
    expect(tokenizer.decode([s.noSpeech])).toBe('<|nocaptions|>');
    expect(tokenizer.multilingual).toBe(true);
    expect(tokenizer.languageCodes.length).toBe(99);
    const fromConfig = Object.fromEntries(Object.entries(gen.lang_to_id).map(([k, v]) => [k.slice(2, -2), v]));
    expect(Object.fromEntries(tokenizer.languageCodes.map((code, i) => [code, tokenizer.languageTokenIds[i]]))).toEqual(
      fromConfig,
    );
    expect(tokenizer.languageToken('English')).toBe(gen.lang_to_id['<|en|>']);
  });
});
