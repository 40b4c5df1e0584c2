/**
 * The tokenizer's special ids come from the vocabulary, not from hard-coded numbers. (Every
 * record of the kit's tokenizer_cases.json runs through the conformance runner: kit-runner.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kitPath } from '../helpers/kit.js';
import { WhisperTokenizer } from '../../packages/core/src/whisper/tokenizer.js';

const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as { models: { whisper: string } };
const dir = kitPath(kit.models.whisper);
const tokenizer = new WhisperTokenizer(
  JSON.parse(readFileSync(`${dir}/tokenizer.json`, 'utf8')),
  JSON.parse(readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
);

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
