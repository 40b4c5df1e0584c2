/**
 * All ONNX Runtime plumbing lives here: execution providers, session options, file checks and
 * tensor helpers. Model code (whisper, vad, align, diarize) asks this module for sessions and
 * never imports onnxruntime-node directly, so the provider logic exists once.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { WhisperxError } from '../errors.js';

export type OrtTensor = ort.Tensor;
export type OrtSession = ort.InferenceSession;
export const Tensor = ort.Tensor;

/**
 * Where a model runs. `auto` = CoreML on macOS when available, else CPU, in a session;
 * {@link resolveDevice} also picks CUDA when a GPU answers (the CLI resolves `auto` with it).
 */
export type OnnxDevice = 'cpu' | 'cuda' | 'coreml' | 'webgpu' | 'auto';

export interface SessionOptions {
  /** Execution device. Default `cpu`. */
  device?: OnnxDevice;
  /** GPU index for cuda. Default 0. */
  deviceIndex?: number;
  /** Intra-op threads; 0 = onnxruntime's default (all physical cores). Default 0. */
  threads?: number;
  /** Graph optimisation level. Default `all`. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * onnxruntime's memory pattern: one block planned for all intermediates of a run, kept between
   * runs. Faster first runs, but the CPU arena then holds the whole plan (a Whisper encoder:
   * ~100 MB more per session with no speed difference measured). Default true.
   */
  memPattern?: boolean;
  /** onnxruntime's CPU arena (memory kept for reuse between runs). Default true. */
  cpuMemArena?: boolean;
}

/** Providers onnxruntime-node was built with on this platform (cpu always). */
export function supportedDevices(): OnnxDevice[] {
  const names = (ort.listSupportedBackends?.() ?? []).map((b) => b.name);
  const out: OnnxDevice[] = ['cpu'];
  for (const n of names) {
    if (n === 'cuda' || n === 'coreml' || n === 'webgpu') out.push(n);
  }
  return out;
}

/** What {@link resolveDevice} can be given instead of the real onnxruntime (tests fake both). */
export interface ResolveDeviceOptions {
  /** GPU index to probe for cuda. Default 0. */
  deviceIndex?: number;
  /** Provider names of this onnxruntime-node build. Default: onnxruntime's own list. */
  listProviders?: () => string[];
  /** Resolves when a session can be created on `device`; rejects with the reason otherwise. */
  probe?: (device: OnnxDevice, deviceIndex: number) => Promise<void>;
  /** The platform, for CoreML. Default process.platform. */
  platform?: NodeJS.Platform;
}

/** The device `auto` turned into, and the one line to show when it fell back to the CPU. */
export interface ResolvedDevice {
  device: Exclude<OnnxDevice, 'auto'>;
  note?: string;
}

/**
 * onnxruntime-node loads CUDA from libonnxruntime_providers_cuda.so beside its binding; its
 * install script fetches it (a plain npm package, or an install that skipped the script, has
 * none). Checked before any session so onnxruntime does not print its own load error.
 */
function cudaLibraryProblem(): string | undefined {
  try {
    const binding = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
    const dir = path.join(binding, '..', 'bin', 'napi-v6', process.platform, process.arch);
    const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    if (!existsSync(path.join(dir, lib))) return `${lib} is not installed beside onnxruntime-node`;
  } catch {
    /* layout unknown: let the session decide */
  }
  return undefined;
}

/** Opens the shipped Silero model on `device` alone: the smallest proof that the device answers. */
async function probeDevice(device: OnnxDevice, deviceIndex: number): Promise<void> {
  const missing = device === 'cuda' ? cudaLibraryProblem() : undefined;
  if (missing) throw new Error(missing);
  const model = fileURLToPath(new URL('../../assets/silero/silero_vad_v6.2.onnx', import.meta.url));
  const provider: ort.InferenceSession.ExecutionProviderConfig =
    device === 'cuda' ? { name: 'cuda', deviceId: deviceIndex } : device;
  // logSeverityLevel 4: only fatal lines; the reason comes back in the rejection instead.
  const session = await ort.InferenceSession.create(model, { executionProviders: [provider], logSeverityLevel: 4 });
  await session.release();
}

/**
 * Turn `auto` into a concrete device: CUDA when this onnxruntime-node build lists its provider
 * and a session opens on the GPU, CoreML on macOS when listed, else the CPU (with a note saying
 * why). Other devices are returned as given.
 */
export async function resolveDevice(device: OnnxDevice, options: ResolveDeviceOptions = {}): Promise<ResolvedDevice> {
  if (device !== 'auto') return { device };
  const providers = options.listProviders?.() ?? supportedDevices();
  const index = options.deviceIndex ?? 0;
  if (providers.includes('cuda')) {
    try {
      await (options.probe ?? probeDevice)('cuda', index);
      return { device: 'cuda' };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return {
        device: 'cpu',
        note: `--device auto: the CUDA provider is present but GPU ${index} did not answer (${reason}); using the CPU.`,
      };
    }
  }
  if ((options.platform ?? process.platform) === 'darwin' && providers.includes('coreml')) return { device: 'coreml' };
  return {
    device: 'cpu',
    note: `--device auto: this onnxruntime-node build has no GPU provider (available: ${providers.join(', ')}); using the CPU.`,
  };
}

function executionProviders(options: SessionOptions): ort.InferenceSession.ExecutionProviderConfig[] {
  const device = options.device ?? 'cpu';
  const available = supportedDevices();
  if (device === 'cpu') return ['cpu'];
  if (device === 'auto') {
    return process.platform === 'darwin' && available.includes('coreml') ? ['coreml', 'cpu'] : ['cpu'];
  }
  if (!available.includes(device)) {
    throw new WhisperxError(
      'usage',
      `--device ${device}: this onnxruntime-node build has no ${device} provider on ${process.platform}-${process.arch} ` +
        `(available: ${available.join(', ')}). Use --device cpu.`,
    );
  }
  if (device === 'cuda') return [{ name: 'cuda', deviceId: options.deviceIndex ?? 0 }, 'cpu'];
  return [device, 'cpu'];
}

/** Open an ONNX model file. Errors name the file and the cause. */
export async function createSession(modelPath: string, options: SessionOptions = {}): Promise<OrtSession> {
  if (!existsSync(modelPath)) {
    throw new WhisperxError('model', `${modelPath}: model file not found.`);
  }
  if (!modelPath.endsWith('.onnx')) {
    throw new WhisperxError('model', `${modelPath}: only .onnx files are loaded by onnxruntime here.`);
  }
  if (statSync(modelPath).size === 0) {
    throw new WhisperxError(
      'model',
      `${modelPath}: the file is empty (an interrupted download?). Delete it and retry.`,
    );
  }
  try {
    return await ort.InferenceSession.create(modelPath, ortSessionOptions(options));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new WhisperxError('model', `${modelPath}: onnxruntime could not load this model (${reason}).`, { cause });
  }
}

/**
 * Open a model built in memory (a graph derived from a shipped file). `label` names it in
 * errors: the file it was derived from and how.
 */
export async function createSessionFromBytes(
  model: Uint8Array,
  label: string,
  options: SessionOptions = {},
): Promise<OrtSession> {
  try {
    return await ort.InferenceSession.create(model, ortSessionOptions(options));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new WhisperxError('model', `${label}: onnxruntime could not load this model (${reason}).`, { cause });
  }
}

function ortSessionOptions(options: SessionOptions): ort.InferenceSession.SessionOptions {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: executionProviders(options),
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
  };
  if (options.memPattern === false) sessionOptions.enableMemPattern = false;
  if (options.cpuMemArena === false) sessionOptions.enableCpuMemArena = false;
  if (options.threads && options.threads > 0) {
    sessionOptions.intraOpNumThreads = options.threads;
    sessionOptions.interOpNumThreads = 1;
  }
  return sessionOptions;
}

/** Release a session's native memory; safe to call twice. */
export async function releaseSession(session: OrtSession | undefined): Promise<void> {
  if (!session) return;
  try {
    await session.release();
  } catch {
    /* already released */
  }
}

/** Float32 tensor of the given shape over `data` (no copy). */
export function float32Tensor(data: Float32Array, dims: readonly number[]): OrtTensor {
  return new ort.Tensor('float32', data, dims as number[]);
}

/** int64 tensor from numbers (token ids). */
export function int64Tensor(values: ArrayLike<number | bigint>, dims: readonly number[]): OrtTensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]);
  return new ort.Tensor('int64', data, dims as number[]);
}

/** Names of a session's inputs and outputs, for layout detection. */
export function ioNames(session: OrtSession): { inputs: readonly string[]; outputs: readonly string[] } {
  return { inputs: session.inputNames, outputs: session.outputNames };
}
