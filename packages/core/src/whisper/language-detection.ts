/**
 * Spoken-language detection: the decoder's next-token distribution after `<|startoftranscript|>`
 * alone, restricted to the language tokens (softmax over them), per encoded window.
 */
import type { EncodedBatch, WhisperExecutor } from './executor.js';
import type { WhisperTokenizer } from './tokenizer.js';
import { WhisperxError } from '../errors.js';

export interface LanguageDetection {
  /** Most probable language code. */
  language: string;
  /** Probability per language code (sums to 1). */
  probs: Record<string, number>;
}

/** Detect the language of encoded windows `sources` (default: all of the batch). */
export async function detectLanguages(
  executor: WhisperExecutor,
  encoded: EncodedBatch,
  tokenizer: WhisperTokenizer,
  sources: readonly number[] = Array.from({ length: encoded.batchSize }, (_, i) => i),
): Promise<LanguageDetection[]> {
  if (!tokenizer.multilingual) {
    throw new WhisperxError(
      'usage',
      'detectLanguage: this is an English-only (.en) model; it has no language tokens. Pass language "en" or use a multilingual model.',
    );
  }
  const session = executor.startDecode(encoded, sources);
  try {
    const nVocab = executor.dims.nVocab;
    const logits = await session.step(new Int32Array(sources.length).fill(tokenizer.special.sot), 1);
    const ids = tokenizer.languageTokenIds;
    return sources.map((_, r) => {
      const row = logits.subarray(r * nVocab, (r + 1) * nVocab);
      let max = -Infinity;
      for (const id of ids) max = Math.max(max, row[id]);
      let total = 0;
      for (const id of ids) total += Math.exp(row[id] - max);
      const probs: Record<string, number> = {};
      let best = 0;
      ids.forEach((id, k) => {
        probs[tokenizer.languageCodes[k]] = Math.exp(row[id] - max) / total;
        if (row[id] > row[ids[best]]) best = k;
      });
      return { language: tokenizer.languageCodes[best], probs };
    });
  } finally {
    session.dispose();
  }
}
