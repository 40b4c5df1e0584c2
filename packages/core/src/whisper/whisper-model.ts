/**
 * A loaded Whisper model: tokenizer + generation defaults + a backend executor, and the one
 * decoding policy on top — language detection, prompts, greedy / beam / sampling passes and
 * the temperature fallback, for a batch of 30 s log-mel windows.
 */
import { throwIfAborted, WhisperxError } from '../errors.js';
import { BeamSearchDecoder } from './beam-search.js';
import { decodePass, type PassResult, type PassWindow } from './decode-pass.js';
import { maxDecoderRows, passGroups } from './decoder-rows.js';
import type { GenerateOptions, WindowResult } from './decoding-options.js';
import type { EncodedBatch, WhisperExecutor } from './executor.js';
import { JsScoreKernels, type ScoreKernels } from './score-kernels.js';
import { detectLanguages, type LanguageDetection } from './language-detection.js';
import type { WhisperGenerationDefaults } from './model-config.js';
import { buildPrompt, type DecoderPrompt } from './prompt.js';
import { isSilentWindow, needsFallback, resolveOptions, type ResolvedOptions } from './resolve-options.js';
import { SamplingDecoder } from './sampling-decoder.js';
import { makeRandom } from './score-math.js';
import type { DecoderSettings } from './token-decoder.js';
import type { WhisperTokenizer } from './tokenizer.js';
import { compressionRatio, parseSegments } from './window-result.js';

/** Frames per 30 s window in the mel input. */
export const N_FRAMES = 3000;
/** Seconds per window. */
export const WINDOW_SECONDS = 30;
const DEFAULT_SAMPLE_LEN = 224;

export class WhisperModel {
  /**
   * @param kernels the decoders' arithmetic over score rows (default: in JavaScript); the model
   *   owns it and releases it in dispose().
   */
  constructor(
    readonly executor: WhisperExecutor,
    readonly tokenizer: WhisperTokenizer,
    readonly defaults: WhisperGenerationDefaults,
    private readonly kernels: ScoreKernels = new JsScoreKernels(),
  ) {}

  get dims() {
    return this.executor.dims;
  }

  /** Decoder rows one pass may hold (see decoder-rows.ts). */
  private get maxRows(): number {
    return maxDecoderRows(this.executor.dims);
  }

  /** Language of each window: `mel` is [batch, nMels, 3000]. */
  async detectLanguage(mel: Float32Array, batch: number): Promise<LanguageDetection[]> {
    const encoded = await this.encode(mel, batch);
    try {
      return await detectLanguages(this.executor, encoded, this.tokenizer);
    } finally {
      encoded.dispose();
    }
  }

  /** Decode each window of `mel` ([batch, nMels, 3000]); one result per window, in order. */
  async generate(mel: Float32Array, batch: number, options: GenerateOptions = {}): Promise<WindowResult[]> {
    const o = resolveOptions(options, this.tokenizer, this.defaults);
    throwIfAborted(options.signal);
    const encoded = await this.encode(mel, batch);
    try {
      const languages = await this.languages(encoded, options.language);
      const prompts = languages.map(({ token }) =>
        buildPrompt(this.tokenizer, {
          languageToken: token,
          task: o.task,
          withoutTimestamps: o.withoutTimestamps,
          previousText: options.initialPrompt,
          hotwords: options.hotwords,
          textContext: this.dims.nTextCtx,
        }),
      );
      const maxNewTokens = this.maxNewTokens(o, prompts[0]);
      const results: WindowResult[] = new Array(batch);
      let pending = Array.from({ length: batch }, (_, i) => i);
      for (let t = 0; t < o.temperatures.length && pending.length; t++) {
        const temperature = o.temperatures[t];
        const windows: PassWindow[] = pending.map((w) => ({
          source: w,
          prompt: prompts[w].tokens,
          sotIndex: prompts[w].sotIndex,
        }));
        const settings: DecoderSettings = {
          nVocab: this.dims.nVocab,
          eot: this.tokenizer.special.eot,
          maxNewTokens,
          lengthPenalty: o.lengthPenalty,
          filters: o.filters,
        };
        // Rows per window: beams at temperature 0, bestOf samples above it, else one.
        const beam = temperature === 0 && o.beamSize > 1;
        const rowsPerWindow = beam ? o.beamSize : temperature > 0 ? o.bestOf : 1;
        const random = makeRandom(o.seed === undefined ? undefined : o.seed + t);
        const pass: PassResult[] = [];
        let first = 0;
        for (const size of passGroups(windows.length, rowsPerWindow, options.maxDecoderRows ?? this.maxRows)) {
          const decoder = beam
            ? new BeamSearchDecoder(settings, o.beamSize, o.patience, this.kernels)
            : new SamplingDecoder(settings, temperature, temperature > 0 ? o.bestOf : 1, random, this.kernels);
          const group = windows.slice(first, first + size);
          first += size;
          pass.push(
            ...(await decodePass(
              this.executor,
              encoded,
              group,
              decoder,
              this.tokenizer.special.noSpeech,
              options.signal,
            )),
          );
        }
        const retry: number[] = [];
        pass.forEach((h, k) => {
          const w = pending[k];
          const tokens = h.endedWithEos ? h.tokens.slice(0, -1) : h.tokens;
          const text = this.tokenizer.decode(tokens, { skipSpecial: true });
          const result: WindowResult = {
            prompt: prompts[w].tokens,
            tokens,
            endedWithEos: h.endedWithEos,
            text,
            segments: o.withoutTimestamps
              ? [{ start: 0, end: WINDOW_SECONDS, text, tokens }]
              : parseSegments(tokens, this.tokenizer, WINDOW_SECONDS),
            language: languages[w].code,
            ...(languages[w].probs ? { languageProbs: languages[w].probs } : {}),
            sumLogprob: h.sumLogprob,
            avgLogprob: h.sumLogprob / (tokens.length + 1),
            score: h.score,
            noSpeechProb: h.noSpeechProb,
            compressionRatio: compressionRatio(text),
            temperature,
            silent: false,
          };
          result.silent = isSilentWindow(result, o);
          results[w] = result;
          if (t + 1 < o.temperatures.length && needsFallback(result, o)) retry.push(w);
        });
        pending = retry;
      }
      return results;
    } finally {
      encoded.dispose();
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([this.executor.dispose(), this.kernels.release()]);
  }

  private async encode(mel: Float32Array, batch: number): Promise<EncodedBatch> {
    const expected = batch * this.dims.nMels * N_FRAMES;
    if (!Number.isInteger(batch) || batch < 1 || mel.length !== expected) {
      throw new WhisperxError(
        'usage',
        `generate: mel has ${mel.length} values; batch ${batch} needs ${expected} ([batch, ${this.dims.nMels}, ${N_FRAMES}]).`,
      );
    }
    return this.executor.encode(mel, batch);
  }

  /** Language token + code per window: given, detected, or none (English-only models). */
  private async languages(
    encoded: EncodedBatch,
    language: string | undefined,
  ): Promise<Array<{ token: number | null; code: string; probs?: Record<string, number> }>> {
    const n = encoded.batchSize;
    if (!this.tokenizer.multilingual) {
      if (language !== undefined && !['en', 'english'].includes(language.trim().toLowerCase())) {
        throw new WhisperxError(
          'usage',
          `--language ${language}: this is an English-only (.en) model. Use a multilingual model or language "en".`,
        );
      }
      return Array.from({ length: n }, () => ({ token: null, code: 'en' }));
    }
    if (language !== undefined) {
      const token = this.tokenizer.languageToken(language);
      const code = this.tokenizer.languageOfToken(token)!;
      return Array.from({ length: n }, () => ({ token, code }));
    }
    const detected = await detectLanguages(this.executor, encoded, this.tokenizer);
    return detected.map((d) => ({ token: this.tokenizer.languageToken(d.language), code: d.language, probs: d.probs }));
  }

  private maxNewTokens(o: ResolvedOptions, prompt: DecoderPrompt): number {
    const left = Math.min(this.dims.nTextCtx, this.defaults.maxLength) - prompt.tokens.length;
    if (o.maxNewTokens !== undefined && o.maxNewTokens > left) {
      throw new WhisperxError(
        'usage',
        `maxNewTokens ${o.maxNewTokens}: the prompt (${prompt.tokens.length} tokens) leaves room for ${left} in the decoder's ${this.dims.nTextCtx}-token context. Use ${left} or less, or a shorter initialPrompt.`,
      );
    }
    return o.maxNewTokens ?? Math.min(DEFAULT_SAMPLE_LEN, left);
  }
}
