import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { kitPath } from '../../../../test/helpers/kit.js';
import { WhisperTokenizer } from './tokenizer.js';
import { compressionRatio, parseSegments } from './window-result.js';

const dir = kitPath('whisper-mini');
const tok = new WhisperTokenizer(
  JSON.parse(readFileSync(`${dir}/tokenizer.json`, 'utf8')),
  JSON.parse(readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
);
const ts = (seconds: number) => tok.special.timestampBegin + Math.round(seconds / 0.02);
const hello = tok.encode(' hello');
const world = tok.encode(' world');

describe('parseSegments', () => {
  it('splits at timestamp pairs; a single timestamp ending closes the last segment', () => {
    const segs = parseSegments([ts(0), ...hello, ts(1), ts(1.5), ...world, ts(2.5)], tok, 30);
    expect(segs.map((s) => [s.start, s.end, s.text])).toEqual([
      [0, 1, ' hello'],
      [1.5, 2.5, ' world'],
    ]);
  });
  it('drops text after the last pair and keeps the pair in the last segment', () => {
    const tokens = [ts(0), ...hello, ts(1), ts(1), ...world];
    const segs = parseSegments(tokens, tok, 30);
    expect(segs).toHaveLength(1);
    expect(segs[0].tokens).toEqual([ts(0), ...hello, ts(1), ts(1)]);
    expect(segs[0].end).toBe(1);
  });
  it('without pairs: one segment to the last timestamp, else to the window end', () => {
    expect(parseSegments([ts(0.4), ...hello, ts(2)], tok, 30).map((s) => [s.start, s.end])).toEqual([[0, 2]]);
    expect(parseSegments([...hello], tok, 30).map((s) => [s.start, s.end, s.text])).toEqual([[0, 30, ' hello']]);
  });
});

describe('compressionRatio', () => {
  it('is bytes / zlib bytes and grows with repetition', () => {
    const text = ' the'.repeat(40);
    expect(compressionRatio(text)).toBe(Buffer.byteLength(text) / deflateSync(Buffer.from(text)).length);
    expect(compressionRatio(text)).toBeGreaterThan(2.4);
    expect(compressionRatio(' hello world')).toBeLessThan(2.4);
    expect(compressionRatio('')).toBe(0);
  });
});
