/** Reading the kit's VAD cases (kit.json kinds vad_probs / vad_timestamps) in tests. */
import { readFileSync } from 'node:fs';
import { kitPath, readKitWav } from '../../../../../test/helpers/kit.js';
import type { SpeechTimestampsOptions } from '../speech-timestamps.js';

export interface KitAudioRef {
  file: string;
  start: number;
  end: number | null;
  channel: number | null;
}

export interface VadProbsCase {
  id: string;
  kind: 'vad_probs';
  model: 'silero_v5' | 'silero_v6.2';
  audio: KitAudioRef;
  options: { samplingRate: number; chunkSamples: number; contextSamples: number };
  expected: { file: string; field: string };
  tolerance: { abs: number };
}

export interface VadTimestampsCase {
  id: string;
  kind: 'vad_timestamps';
  model: 'silero_v5' | 'silero_v6.2';
  audio: KitAudioRef;
  options: {
    samplingRate: number;
    threshold: number;
    negThreshold: number;
    minSpeechDurationMs: number;
    maxSpeechDurationS: number | null;
    minSilenceDurationMs: number;
    speechPadMs: number;
    minSilenceAtMaxSpeech: number;
    useMaxPossSilAtMaxSpeech: boolean;
    windowSizeSamples: number;
    returnSeconds: boolean;
    timeResolution?: number;
  };
  expected: { file: string; field: string; unit: 'samples' | 'seconds' };
  compare: 'exact';
}

type KitCase = VadProbsCase | VadTimestampsCase | { kind: string; id: string };

const kit = JSON.parse(readFileSync(kitPath('kit.json'), 'utf8')) as { cases: KitCase[]; models: Record<string, string> };

export const vadProbsCases = kit.cases.filter((c): c is VadProbsCase => c.kind === 'vad_probs');
export const vadTimestampsCases = kit.cases.filter((c): c is VadTimestampsCase => c.kind === 'vad_timestamps');

/** Model file of a kit model key (silero_v5 -> <kit>/silero/silero_vad_v5.onnx). */
export function kitModelPath(key: string): string {
  return kitPath(kit.models[key]);
}

export function kitAudio(a: KitAudioRef): Float32Array {
  const wav = readKitWav(kitPath(a.file), a.channel);
  return wav.subarray(a.start, a.end ?? wav.length);
}

const jsonCache = new Map<string, Record<string, unknown>>();
export function kitJson(file: string): Record<string, unknown> {
  let v = jsonCache.get(file);
  if (!v) {
    v = JSON.parse(readFileSync(kitPath(file), 'utf8')) as Record<string, unknown>;
    jsonCache.set(file, v);
  }
  return v;
}

/** The golden per-chunk probabilities of a golden JSON file. */
export function goldenProbs(file: string): number[] {
  return kitJson(file).speech_probs as number[];
}

/** The expected list of a vad_timestamps case. */
export function expectedTimestamps(c: VadTimestampsCase): { start: number; end: number }[] {
  const record = kitJson(c.expected.file)[c.expected.field] as Record<string, { start: number; end: number }[]>;
  return record[c.expected.unit];
}

/** kit.json options -> ours (the kit writes null for "no maximum"). */
export function kitTimestampOptions(c: VadTimestampsCase): SpeechTimestampsOptions {
  const o = c.options;
  return {
    threshold: o.threshold,
    negThreshold: o.negThreshold,
    minSpeechDurationMs: o.minSpeechDurationMs,
    maxSpeechDurationS: o.maxSpeechDurationS,
    minSilenceDurationMs: o.minSilenceDurationMs,
    speechPadMs: o.speechPadMs,
    minSilenceAtMaxSpeech: o.minSilenceAtMaxSpeech,
    useMaxPossSilAtMaxSpeech: o.useMaxPossSilAtMaxSpeech,
    returnSeconds: o.returnSeconds,
    timeResolution: o.timeResolution,
  };
}

