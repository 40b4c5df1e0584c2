/**
 * Shared state of one conformance run: the kit, and models loaded once through the public
 * API and reused by every case that names them.
 */
import {
  loadWav2Vec2,
  loadWhisper,
  releaseWav2Vec2,
  SileroVad,
  type Wav2Vec2Model,
  type WhisperModel,
} from '@whisperx-ts/core';
import { readFileSync } from 'node:fs';
import { kitFile, type AudioRef, type Kit } from './kit.js';
import { decodeWav } from '@whisperx-ts/core';
import { loadMlxWhisper, type ConformanceBackend } from './mlx-whisper.js';

export class RunContext {
  private whisper?: Promise<WhisperModel>;
  private wav2vec2?: Promise<Wav2Vec2Model>;
  private readonly silero = new Map<string, Promise<SileroVad>>();
  private readonly json = new Map<string, unknown>();

  constructor(
    readonly kit: Kit,
    readonly threads = 1,
    /** Executor of the kit's Whisper model. */
    readonly backend: ConformanceBackend = 'onnx',
  ) {}

  modelDir(name: string): string {
    const rel = this.kit.models[name];
    if (!rel) throw new Error(`kit.json names no model "${name}"`);
    return kitFile(this.kit, rel);
  }

  whisperModel(): Promise<WhisperModel> {
    this.whisper ??=
      this.backend === 'mlx'
        ? loadMlxWhisper(this.modelDir('whisper'))
        : loadWhisper(this.modelDir('whisper'), { threads: this.threads });
    return this.whisper;
  }

  wav2vec2Model(): Promise<Wav2Vec2Model> {
    this.wav2vec2 ??= loadWav2Vec2(this.modelDir('wav2vec2'), { threads: this.threads });
    return this.wav2vec2;
  }

  sileroModel(name: string): Promise<SileroVad> {
    let m = this.silero.get(name);
    if (!m) {
      m = SileroVad.load({ modelPath: this.modelDir(name) });
      this.silero.set(name, m);
    }
    return m;
  }

  /** A kit JSON file, parsed once. */
  readJson<T>(rel: string): T {
    if (!this.json.has(rel)) this.json.set(rel, JSON.parse(readFileSync(kitFile(this.kit, rel), 'utf8')));
    return this.json.get(rel) as T;
  }

  /** An audio object: 16-bit PCM WAV as int16/32768, one channel, samples [start, end). */
  audio(ref: AudioRef): Float32Array {
    const { channelData } = decodeWav(new Uint8Array(readFileSync(kitFile(this.kit, ref.file))));
    const channel = channelData[ref.channel ?? 0];
    if (!channel) throw new Error(`${ref.file}: no channel ${ref.channel}`);
    return channel.subarray(ref.start ?? 0, ref.end ?? channel.length);
  }

  async dispose(): Promise<void> {
    const tasks: Promise<unknown>[] = [];
    if (this.whisper) tasks.push(this.whisper.then((m) => m.dispose()));
    if (this.wav2vec2) tasks.push(this.wav2vec2.then((m) => releaseWav2Vec2(m)));
    for (const m of this.silero.values()) tasks.push(m.then((s) => s.release()));
    await Promise.allSettled(tasks);
  }
}
