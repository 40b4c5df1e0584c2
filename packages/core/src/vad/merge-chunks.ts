/**
 * WhisperX's merge_chunks: speech regions (seconds, sorted) are packed greedily into windows
 * of at most `chunkSize` seconds - a window is closed when adding the next region would make
 * it longer than chunkSize - keeping the regions each window holds. A window spans original
 * audio continuously (silences between its regions included), so a time inside window w maps
 * to the original audio by adding w.start ({@link WindowTimeMap}).
 */
import { WhisperxError } from '../errors.js';

/** A speech region of the original audio, in seconds (end exclusive). */
export interface SpeechRegion {
  start: number;
  end: number;
}

/** A window of the original audio handed to Whisper as one 30 s input. */
export interface SpeechWindow {
  /** Start of the window in the original audio (s) = start of its first region. */
  start: number;
  /** End of the window (s) = end of its last region. */
  end: number;
  /** The speech regions merged into this window, as [start, end] pairs in original seconds. */
  segments: [number, number][];
}

/** Default window length in seconds (Whisper's input). */
export const DEFAULT_CHUNK_SIZE = 30;

function checkChunkSize(chunkSize: number): void {
  if (!(chunkSize > 0)) {
    throw new WhisperxError('usage', `chunk size ${chunkSize}: must be a positive number of seconds (default 30).`);
  }
}

/**
 * mergeChunks fed region by region: `push` returns the window the region closed (if any),
 * `finish` the last one. Windows come out in order, each as soon as it is final.
 */
export class WindowMerger {
  private curStart = 0;
  private curEnd = 0;
  private segments: [number, number][] = [];
  private open = false;

  constructor(private readonly chunkSize: number = DEFAULT_CHUNK_SIZE) {
    checkChunkSize(chunkSize);
  }

  push(region: SpeechRegion): SpeechWindow | undefined {
    let closed: SpeechWindow | undefined;
    if (!this.open) {
      this.open = true;
      this.curStart = region.start;
      this.curEnd = 0;
    } else if (region.end - this.curStart > this.chunkSize && this.curEnd - this.curStart > 0) {
      // Close the window when this region would overflow it (and the window is not empty).
      closed = { start: this.curStart, end: this.curEnd, segments: this.segments };
      this.curStart = region.start;
      this.segments = [];
    }
    this.curEnd = region.end;
    this.segments.push([region.start, region.end]);
    return closed;
  }

  finish(): SpeechWindow | undefined {
    if (!this.open) return undefined;
    this.open = false;
    const last = { start: this.curStart, end: this.curEnd, segments: this.segments };
    this.segments = [];
    return last;
  }
}

/**
 * Merge sorted speech regions into windows of at most `chunkSize` seconds (default 30). A
 * single region longer than chunkSize stays one window (the VAD limits region length). Empty
 * input gives no windows.
 */
export function mergeChunks(regions: readonly SpeechRegion[], chunkSize: number = DEFAULT_CHUNK_SIZE): SpeechWindow[] {
  const merger = new WindowMerger(chunkSize);
  const windows: SpeechWindow[] = [];
  for (const region of regions) {
    const closed = merger.push(region);
    if (closed) windows.push(closed);
  }
  const last = merger.finish();
  if (last) windows.push(last);
  return windows;
}

/** Fixed windows of `chunkSize` seconds over `duration` seconds (VAD off). */
export function fixedWindows(duration: number, chunkSize: number = DEFAULT_CHUNK_SIZE): SpeechRegion[] {
  checkChunkSize(chunkSize);
  const out: SpeechRegion[] = [];
  for (let k = 0; k * chunkSize < duration; k++) {
    out.push({ start: k * chunkSize, end: Math.min((k + 1) * chunkSize, duration) });
  }
  return out;
}

/**
 * Maps times between windows and the original audio: window-relative seconds -> original
 * seconds, original seconds -> the window holding them, and a window's sample range (sliced
 * as WhisperX does: int(start * sr) .. int(end * sr)).
 */
export class WindowTimeMap {
  readonly windows: readonly SpeechWindow[];
  readonly sampleRate: number;

  constructor(windows: readonly SpeechWindow[], sampleRate = 16000) {
    this.windows = windows;
    this.sampleRate = sampleRate;
  }

  private window(index: number): SpeechWindow {
    const w = this.windows[index];
    if (!w) throw new RangeError(`window ${index} out of range (0..${this.windows.length - 1})`);
    return w;
  }

  /**
   * Original time (s) of time `t` (s) measured from the start of window `index`. With `clamp`,
   * the result is limited to the window's [start, end] (Whisper may place a timestamp past the
   * last speech of a window).
   */
  toOriginal(index: number, t: number, clamp = false): number {
    const w = this.window(index);
    const time = w.start + t;
    return clamp ? Math.min(Math.max(time, w.start), w.end) : time;
  }

  /** Time relative to window `index` of original time `time` (s). */
  toWindow(index: number, time: number): number {
    return time - this.window(index).start;
  }

  /** Index of the window whose [start, end) holds original time `time`, or -1. */
  windowAt(time: number): number {
    let lo = 0;
    let hi = this.windows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = this.windows[mid];
      if (time < w.start) hi = mid - 1;
      else if (time >= w.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** Sample range [start, end) of window `index` in the original audio. */
  sampleRange(index: number): { start: number; end: number } {
    const w = this.window(index);
    return { start: Math.trunc(w.start * this.sampleRate), end: Math.trunc(w.end * this.sampleRate) };
  }

  /** The samples of window `index` (a view into `audio`, no copy). */
  slice(audio: Float32Array, index: number): Float32Array {
    const { start, end } = this.sampleRange(index);
    return audio.subarray(start, Math.min(end, audio.length));
  }
}
