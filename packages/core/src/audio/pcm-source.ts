/**
 * Sample sources over PCM that is already decoded: in memory, or in a file read by range with a
 * small block cache (the input WAV itself, or a temporary file ffmpeg decoded into). Kept apart
 * from the decoders so a worker thread that only reads samples loads none of them.
 */
import { closeSync, readSync } from 'node:fs';
import { WhisperxError } from '../errors.js';
import { downmixToMono } from './resample.js';
import { readWavChannels, type WavInfo } from './wav-reader.js';

const SAMPLE_RATE = 16000;

/** Mono audio read by range. */
export interface SampleSource {
  /** Number of samples. */
  readonly length: number;
  /** Samples per second (16000 for the pipeline). */
  readonly sampleRate: number;
  /**
   * Where the samples live: `memory` (in this process), `input` (read in place from the media
   * file), `temp` (a decoded copy in a temporary file, taking disk space until closed).
   */
  readonly storage: 'memory' | 'input' | 'temp';
  /**
   * Samples [start, end), clamped to [0, length). The array may be a view into the source's own
   * storage: treat it as read-only.
   */
  read(start: number, end: number): Float32Array;
  /** Free the source (its temporary file, if any). Safe to call twice. */
  close(): Promise<void>;
  /**
   * What another thread of this process needs to read the same samples (see attachSharedSource),
   * or undefined when the source cannot be shared (samples in this thread's memory).
   */
  share?(): SharedSource | undefined;
}

/** A file-backed source as a worker thread attaches to it: the open descriptor and its layout. */
export interface SharedSource {
  fd: number;
  layout: PcmLayout;
  storage: 'input' | 'temp';
  sampleRate: number;
  label: string;
}

/** Audio as the stages accept it: decoded samples or a source. */
export type AudioInput = Float32Array | SampleSource;

/** A source over samples already in memory (reads are views, nothing is copied). */
export function memorySource(samples: Float32Array, sampleRate = SAMPLE_RATE): SampleSource {
  return {
    length: samples.length,
    sampleRate,
    storage: 'memory',
    read: (start, end) => samples.subarray(Math.max(0, start), Math.max(0, Math.min(samples.length, end))),
    close: async () => {},
  };
}

/** The source behind an AudioInput (a Float32Array becomes a memory source). */
export function asSampleSource(audio: AudioInput): SampleSource {
  return audio instanceof Float32Array ? memorySource(audio) : audio;
}

/** Frames per cached block of a file source (4.1 s at 16 kHz) and blocks kept. */
const BLOCK_FRAMES = 1 << 16;
const CACHED_BLOCKS = 16;

/** Raw PCM in a file: mono float32, or interleaved 16-bit integers read as int16 / 32768. */
export interface PcmLayout {
  encoding: 'f32' | 's16';
  channels: number;
  dataOffset: number;
  frames: number;
}

/**
 * A file-backed source with a small block cache (stages read overlapping ranges in time order).
 * `onClose` runs once when the source is closed.
 */
export class FilePcmSource implements SampleSource {
  readonly length: number;
  private fd: number | undefined;
  private readonly blocks = new Map<number, Float32Array>();
  private readonly frameBytes: number;

  constructor(
    readonly storage: 'input' | 'temp',
    fd: number,
    private readonly layout: PcmLayout,
    readonly sampleRate: number,
    private readonly label: string,
    private readonly onClose: () => Promise<void> = async () => {},
    /** False for a source attached to another thread's descriptor: closing it leaves the fd open. */
    private readonly ownsFd = true,
  ) {
    this.fd = fd;
    this.length = layout.frames;
    this.frameBytes = (layout.encoding === 'f32' ? 4 : 2) * layout.channels;
  }

  share(): SharedSource | undefined {
    if (this.fd === undefined) return undefined;
    return { fd: this.fd, layout: this.layout, storage: this.storage, sampleRate: this.sampleRate, label: this.label };
  }

  read(start: number, end: number): Float32Array {
    const from = Math.max(0, Math.floor(start));
    const to = Math.max(from, Math.min(this.length, Math.floor(end))); // as subarray: fractions drop
    const out = new Float32Array(to - from);
    for (let pos = from; pos < to;) {
      const index = Math.floor(pos / BLOCK_FRAMES);
      const block = this.block(index);
      const offset = pos - index * BLOCK_FRAMES;
      const take = Math.min(block.length - offset, to - pos);
      out.set(block.subarray(offset, offset + take), pos - from);
      pos += take;
    }
    return out;
  }

  private block(index: number): Float32Array {
    const hit = this.blocks.get(index);
    if (hit) {
      this.blocks.delete(index); // most recently used last
      this.blocks.set(index, hit);
      return hit;
    }
    const fd = this.fd;
    if (fd === undefined) throw new WhisperxError('runtime', `${this.label}: the audio source was closed.`);
    const first = index * BLOCK_FRAMES;
    const frames = Math.min(BLOCK_FRAMES, this.length - first);
    const bytes = new Uint8Array(frames * this.frameBytes);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, this.layout.dataOffset + first * this.frameBytes + got);
      if (n === 0) {
        throw new WhisperxError(
          'input',
          `${this.label} got shorter while it was being transcribed (it changed on disk). Run again once the file is complete.`,
        );
      }
      got += n;
    }
    const block = this.decode(bytes, frames);
    this.blocks.set(index, block);
    if (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as number);
    return block;
  }

  private decode(bytes: Uint8Array, frames: number): Float32Array {
    if (this.layout.encoding === 'f32') return new Float32Array(bytes.buffer, 0, frames);
    // The same arithmetic as loadAudio's exact WAV path (int16 / 32768, channels averaged).
    const info: WavInfo = {
      encoding: 'pcm',
      bitsPerSample: 16,
      channels: this.layout.channels,
      sampleRate: this.sampleRate,
      dataOffset: 0,
      dataLength: bytes.length,
    };
    return downmixToMono(readWavChannels(bytes, info));
  }

  async close(): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    this.blocks.clear();
    if (this.ownsFd) closeSync(fd);
    await this.onClose();
  }
}

/**
 * In a worker thread: a source reading the same descriptor as the source `shared` came from (the
 * threads of a process share descriptors). Closing it does not close the descriptor; the owner
 * must outlive it.
 */
export function attachSharedSource(shared: SharedSource): SampleSource {
  return new FilePcmSource(
    shared.storage,
    shared.fd,
    shared.layout,
    shared.sampleRate,
    shared.label,
    async () => {},
    false,
  );
}
