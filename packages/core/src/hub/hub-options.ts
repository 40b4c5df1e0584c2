/**
 * Options of the hub client and how they combine with the environment variables that
 * huggingface_hub reads (HF_HUB_CACHE, HF_HOME, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, ...), so a
 * cache filled by Python tools is found here and the other way round.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Environment variables, as `process.env` holds them. */
export type HubEnv = Readonly<Record<string, string | undefined>>;

/** Where a download stands: bytes landed so far (including a resumed prefix), of total, for file. */
export interface DownloadProgress {
  /** Repository path of the file being downloaded, e.g. `onnx/encoder_model.onnx`. */
  file: string;
  /** Bytes of the file on disk so far; never decreases within one download. */
  bytes: number;
  /** Size of the file in bytes (from the hub's metadata). */
  total: number;
}

export interface HubOptions {
  /** Branch, tag or commit hash. Default `main`. */
  revision?: string;
  /** Cache folder. Default: HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE > HF_HOME/hub > XDG_CACHE_HOME/huggingface/hub > ~/.cache/huggingface/hub. */
  cacheDir?: string;
  /** Use the cache only, never the network. Default false; HF_HUB_OFFLINE=1 forces true. */
  localFilesOnly?: boolean;
  /** Access token sent as `Authorization: Bearer`. Default HF_TOKEN > HUGGING_FACE_HUB_TOKEN > the token file (HF_TOKEN_PATH or HF_HOME/token). */
  token?: string;
  /** Hub base URL. Default HF_ENDPOINT or `https://huggingface.co`. */
  endpoint?: string;
  /** Cancels metadata requests and downloads; an interrupted download resumes on the next call. */
  signal?: AbortSignal;
  /** Called as bytes land, per file. Default: none. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Ask the hub for a newer commit even when the revision's files are cached. Default false (cache first, no request). */
  checkForUpdates?: boolean;
  /** Environment to read the HF_* variables from. Default `process.env`. */
  env?: HubEnv;
  /** fetch implementation. Default the global fetch. */
  fetch?: typeof fetch;
  /** Seconds to wait for the metadata request. Default HF_HUB_ETAG_TIMEOUT or 10. */
  etagTimeoutS?: number;
  /** Seconds without a byte before a download is abandoned (it resumes next time). Default HF_HUB_DOWNLOAD_TIMEOUT or 10. */
  downloadTimeoutS?: number;
  /** A download lock whose holder stopped refreshing it this long ago (ms) is stale. Default 60000. */
  lockStaleMs?: number;
  /** Receives one-line, redacted notices (cache fallbacks, symlink fallbacks). Default: none. */
  log?: (line: string) => void;
  /** The fix named when a file is neither cached nor downloadable. Default 'pass --model <local folder> holding the model files'. */
  missingFix?: string;
}

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

function envOf(options: HubOptions): HubEnv {
  return options.env ?? process.env;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'on', 'yes', 'true'].includes(value.trim().toLowerCase());
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p;
}

/** `~/.cache/huggingface` or HF_HOME, as huggingface_hub computes it. */
export function hfHome(env: HubEnv): string {
  if (env.HF_HOME) return path.resolve(expandHome(env.HF_HOME));
  const xdg = env.XDG_CACHE_HOME ? expandHome(env.XDG_CACHE_HOME) : path.join(homedir(), '.cache');
  return path.resolve(xdg, 'huggingface');
}

/** The hub cache folder: option > HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE (legacy) > HF_HOME/hub. */
export function resolveCacheDir(options: HubOptions = {}): string {
  const env = envOf(options);
  const explicit = options.cacheDir ?? env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE;
  if (explicit) return path.resolve(expandHome(explicit));
  return path.join(hfHome(env), 'hub');
}

/** The hub base URL without a trailing slash. */
export function resolveEndpoint(options: HubOptions = {}): string {
  const raw = options.endpoint ?? envOf(options).HF_ENDPOINT ?? DEFAULT_ENDPOINT;
  return raw.replace(/\/+$/, '');
}

/** True when the network must not be used (option or HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE). */
export function isOffline(options: HubOptions = {}): boolean {
  const env = envOf(options);
  return options.localFilesOnly === true || truthy(env.HF_HUB_OFFLINE) || truthy(env.TRANSFORMERS_OFFLINE);
}

/** Which setting made us offline, for messages. */
export function offlineReason(options: HubOptions = {}): string {
  if (options.localFilesOnly) return 'local files only';
  return truthy(envOf(options).HF_HUB_OFFLINE) ? 'HF_HUB_OFFLINE is set' : 'TRANSFORMERS_OFFLINE is set';
}

/** The access token, if any: option > HF_TOKEN > HUGGING_FACE_HUB_TOKEN > token file. */
export function resolveToken(options: HubOptions = {}): string | undefined {
  if (options.token) return options.token.trim() || undefined;
  const env = envOf(options);
  const fromEnv = env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN;
  if (fromEnv?.trim()) return fromEnv.trim();
  const file = env.HF_TOKEN_PATH ? expandHome(env.HF_TOKEN_PATH) : path.join(hfHome(env), 'token');
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    // An unreadable token file is the same as none.
  }
  return undefined;
}

function positiveNumber(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function etagTimeoutMs(options: HubOptions = {}): number {
  return 1000 * (options.etagTimeoutS ?? positiveNumber(envOf(options).HF_HUB_ETAG_TIMEOUT) ?? 10);
}

export function downloadTimeoutMs(options: HubOptions = {}): number {
  return 1000 * (options.downloadTimeoutS ?? positiveNumber(envOf(options).HF_HUB_DOWNLOAD_TIMEOUT) ?? 10);
}
