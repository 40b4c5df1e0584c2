/**
 * Turning a finished hypothesis into a window result: timestamp segments (openai/whisper and
 * Hugging Face parse them the same way), decoded text and the gzip compression ratio.
 */
import { deflateSync } from 'node:zlib';
import type { WhisperTokenizer } from './tokenizer.js';
import { timestampSeconds } from './tokenizer.js';
import type { WindowSegment } from './decoding-options.js';

/** UTF-8 bytes / zlib-compressed bytes (openai's repetition measure). 0 for empty text. */
export function compressionRatio(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return 0;
  return bytes.length / deflateSync(bytes).length;
}

/**
 * Split generated ids (EOS excluded) at consecutive timestamp pairs, as Hugging Face's Whisper
 * segment parse: each segment runs from its first timestamp to its last; the final pair stays in
 * the last segment. Text after the last pair with no closing timestamp is left out (a long-form
 * loop re-decodes it from there). Without any pair: one segment from 0 to the last timestamp
 * (or `windowSeconds` when there is none), as openai/whisper.
 */
export function parseSegments(
  tokens: readonly number[],
  tokenizer: WhisperTokenizer,
  windowSeconds: number,
): WindowSegment[] {
  const ts = tokenizer.special.timestampBegin;
  const isTs = (i: number) => tokens[i] >= ts;
  const seconds = (id: number) => (id >= ts ? timestampSeconds(id, ts) : 0);
  const segment = (slice: number[], start: number, end: number): WindowSegment => ({
    start,
    end,
    text: tokenizer.decode(slice, { skipSpecial: true }),
    tokens: slice,
  });
  const cuts: number[] = [];
  for (let i = 1; i < tokens.length; i++) if (isTs(i - 1) && isTs(i)) cuts.push(i);
  if (cuts.length === 0) {
    let end = windowSeconds;
    for (let i = tokens.length - 1; i >= 0; i--) {
      if (isTs(i)) {
        if (tokens[i] !== ts) end = seconds(tokens[i]);
        break;
      }
    }
    return [segment([...tokens], 0, end)];
  }
  const n = tokens.length;
  const singleEnding = n >= 2 && !isTs(n - 2) && isTs(n - 1);
  // A final pair stays whole in the last segment (HF), which ends at the pair's first timestamp.
  if (singleEnding) cuts.push(n);
  else cuts[cuts.length - 1] += 1;
  const out: WindowSegment[] = [];
  let from = 0;
  cuts.forEach((to, i) => {
    const slice = tokens.slice(from, to);
    const endAt = i === cuts.length - 1 && !singleEnding ? slice.length - 2 : slice.length - 1;
    out.push(segment(slice, seconds(slice[0]), seconds(slice[endAt])));
    from = to;
  });
  return out;
}
