/**
 * @whisperx-ts/native-mlx: the MLX Whisper executor (Apple Silicon GPU, or the CPU on macOS and
 * Linux). The addon is built at install time only where MLX is installed (scripts/build.mjs);
 * everywhere else this package still installs, `isAvailable()` says why not, and core uses its
 * ONNX backend.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Availability, LoadWhisperOptions, MlxDtype, MlxWhisperModel, NativeAddon } from './native-types.js';

export { ConfigError, defaultAlignmentHeads, detectConfigLayout, parseWhisperConfig } from './config.js';
export type { ConfigLayout, ModelDims, StoredQuantization, WhisperModelConfig } from './config.js';
export {
  WeightNameError,
  detectWeightLayout,
  expectedMlxNames,
  hfToMlxName,
  isConvWeight,
  isQuantizable,
  quantizedCompanions,
} from './weight-names.js';
export type { WeightLayout } from './weight-names.js';
export type {
  Availability,
  DecodeStepResult,
  LoadWhisperOptions,
  MlxDecodeState,
  MlxDtype,
  MlxEncoded,
  MlxModelInfo,
  MlxWhisperModel,
  NativeAddon,
} from './native-types.js';

/** File name of the compiled addon under build/Release. */
export const ADDON_FILE = 'whisperx_mlx.node';

/** Where to look; the defaults describe this process and this package. */
export interface AvailabilityProbe {
  /** Default process.platform. */
  platform?: NodeJS.Platform;
  /** Default process.arch. */
  arch?: string;
  /** Package root holding build/. Default: the folder above src/ or dist/. */
  packageDir?: string;
}

function defaultPackageDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

function readBuildReason(packageDir: string): string | undefined {
  try {
    const status = JSON.parse(readFileSync(path.join(packageDir, 'build', 'status.json'), 'utf8')) as {
      built?: boolean;
      reason?: string;
    };
    return status.built === false && typeof status.reason === 'string' ? status.reason : undefined;
  } catch {
    return undefined;
  }
}

type LoadResult = { addon: NativeAddon; reason?: undefined } | { addon?: undefined; reason: string };

function loadAddon(probe: AvailabilityProbe = {}): LoadResult {
  const platform = probe.platform ?? process.platform;
  const arch = probe.arch ?? process.arch;
  if (platform !== 'darwin' && platform !== 'linux') {
    return { reason: `MLX builds on macOS and Linux only; this is ${platform}-${arch}` };
  }
  const packageDir = probe.packageDir ?? defaultPackageDir();
  const file = path.join(packageDir, 'build', 'Release', ADDON_FILE);
  if (!existsSync(file)) {
    const why = readBuildReason(packageDir) ?? 'the addon was never built';
    return { reason: `${file} is missing: ${why}` };
  }
  try {
    const addon = createRequire(import.meta.url)(file) as NativeAddon;
    return { addon };
  } catch (error) {
    const msg = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { reason: `${file} failed to load: ${msg}` };
  }
}

/** Whether the MLX addon can be used in this process; `reason` is one line when not. */
export function isAvailable(probe: AvailabilityProbe = {}): Availability {
  const r = loadAddon(probe);
  return r.addon ? { available: true } : { available: false, reason: r.reason };
}

/** MLX version the addon was built against. Throws when unavailable. */
export function mlxVersion(): string {
  return requireAddon().mlxVersion();
}

function requireAddon(): NativeAddon {
  const r = loadAddon();
  if (!r.addon) throw new Error(`@whisperx-ts/native-mlx is not available: ${r.reason}`);
  return r.addon;
}

/**
 * Default compute dtype: float16 on Apple Silicon (Metal GPU, as mlx-whisper), float32 elsewhere
 * (the CPU: float16 there is emulated and about 5x slower, and WhisperX also uses float32 on CPU).
 */
export function defaultDtype(platform: NodeJS.Platform = process.platform, arch: string = process.arch): MlxDtype {
  return platform === 'darwin' && arch === 'arm64' ? 'float16' : 'float32';
}

/**
 * Load a Whisper model folder: mlx-community layout (config.json + weights.safetensors or
 * weights.npz) or Hugging Face layout (config.json + model.safetensors, names mapped).
 */
export async function loadWhisper(dir: string, options: LoadWhisperOptions = {}): Promise<MlxWhisperModel> {
  const quantBits = options.quantBits ?? 0;
  const groupSize = options.groupSize ?? 64;
  if (![0, 4, 8].includes(quantBits)) throw new RangeError(`quantBits must be 0, 4 or 8 (got ${quantBits}).`);
  if (![32, 64, 128].includes(groupSize)) throw new RangeError(`groupSize must be 32, 64 or 128 (got ${groupSize}).`);
  const addon = requireAddon();
  return addon.loadWhisper(path.resolve(dir), {
    dtype: options.dtype ?? defaultDtype(),
    quantBits,
    groupSize,
    ...(options.alignmentHeads ? { alignmentHeads: options.alignmentHeads } : {}),
  });
}
