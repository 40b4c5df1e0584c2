/**
 * Speech windows as the ASR loop consumes them: a list known up front, a function that computes
 * it, or a stream that VAD fills while the ASR loop already transcribes the first windows. A
 * stream is pumped in the background (Silero runs on its own onnxruntime thread, interleaved
 * with Whisper's sessions); the loop waits only when it needs windows that are not final yet.
 */
import type { SpeechWindow } from '../vad/merge-chunks.js';

/** Where the windows come from. */
export type WindowSource =
  readonly SpeechWindow[] | (() => Promise<readonly SpeechWindow[]>) | AsyncIterable<SpeechWindow>;

export class WindowFeed {
  /** Windows received so far, in time order. */
  readonly windows: SpeechWindow[] = [];
  private ended = false;
  private failure: unknown = undefined;
  private stopped = false;
  private waiters: Array<() => void> = [];
  /** Resolves when the source is exhausted, failed or stopped (never rejects). */
  readonly settled: Promise<void>;

  constructor(source: WindowSource) {
    this.settled = this.pump(source);
  }

  /** True once every window is known. */
  get complete(): boolean {
    return this.ended && this.failure === undefined;
  }

  private async pump(source: WindowSource): Promise<void> {
    try {
      if (typeof source === 'function') this.windows.push(...(await source()));
      else if (Symbol.asyncIterator in source) {
        for await (const w of source as AsyncIterable<SpeechWindow>) {
          if (this.stopped) break;
          this.windows.push(w);
          this.wake();
        }
      } else this.windows.push(...(source as readonly SpeechWindow[]));
    } catch (error) {
      this.failure = error ?? new Error('window source failed');
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Wait until at least `count` windows exist or the source has ended; rethrows its failure. */
  async waitFor(count: number): Promise<void> {
    while (this.windows.length < count && !this.ended) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Stop pulling from a stream (its generator is closed) and wait until it has let go. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settled;
  }
}
