/**
 * Speech windows as the ASR loop consumes them: a list known up front, a function that computes
 * it, or a stream that VAD fills while the ASR loop already transcribes the first windows. A
 * stream is pumped in the background (Silero's runs take turns with Whisper's on this thread, or
 * run on a worker thread); the loop waits only when it needs windows that are not final yet.
 */
import type { SpeechWindow } from '../vad/merge-chunks.js';

/**
 * Where the windows come from: a list, a stream, or a function returning either (given a signal
 * that fires when the consumer stops early, so a VAD pass can end at once).
 */
export type WindowSource =
  | readonly SpeechWindow[]
  | AsyncIterable<SpeechWindow>
  | ((stop: AbortSignal) => Promise<readonly SpeechWindow[]> | AsyncIterable<SpeechWindow>);

export class WindowFeed {
  /** Windows received so far, in time order. */
  readonly windows: SpeechWindow[] = [];
  private ended = false;
  private failure: unknown = undefined;
  private readonly stopper = new AbortController();
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
      const given = typeof source === 'function' ? source(this.stopper.signal) : source;
      if (Symbol.asyncIterator in given) {
        for await (const w of given as AsyncIterable<SpeechWindow>) {
          if (this.stopper.signal.aborted) break;
          this.windows.push(w);
          this.wake();
        }
      } else this.windows.push(...(await (given as Promise<readonly SpeechWindow[]> | readonly SpeechWindow[])));
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

  /**
   * Stop pulling (a stream's generator is closed; a function's stop signal fires) and wait until
   * the source has let go.
   */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.settled;
  }
}
