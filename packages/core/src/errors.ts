/**
 * Errors meant for people: every error whisperx-ts raises on purpose is a WhisperxError with a
 * one-line message that names the file or option, the cause and the fix. The CLI prints
 * `message` alone (no stack) unless --verbose, and exits with `exitCode`.
 */

/** What went wrong, coarse enough to pick an exit code and an editor action. */
export type WhisperxErrorKind =
  /** Bad flag, bad option value, conflicting options. Exit code 2. */
  | 'usage'
  /** The input media: missing, a directory, not media, no audio stream, corrupt. */
  | 'input'
  /** A model: unknown name, missing file in the cache, offline, wrong format. */
  | 'model'
  /** Writing outputs: unwritable folder, disk full. */
  | 'output'
  /** Network / hub failures. */
  | 'network'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** A stage that is not built in this version. */
  | 'unavailable'
  /** Anything else raised on purpose. */
  | 'runtime';

/** Process exit codes used by the CLI (documented in the README). */
export const EXIT_CODES = {
  ok: 0,
  runtime: 1,
  usage: 2,
  sigint: 130,
  sigterm: 143,
} as const;

export class WhisperxError extends Error {
  readonly kind: WhisperxErrorKind;
  override readonly cause?: unknown;

  constructor(kind: WhisperxErrorKind, message: string, options: { cause?: unknown } = {}) {
    super(message);
    this.name = 'WhisperxError';
    this.kind = kind;
    this.cause = options.cause;
  }

  /** The CLI exit code for this error. */
  get exitCode(): number {
    if (this.kind === 'usage') return EXIT_CODES.usage;
    if (this.kind === 'aborted') return EXIT_CODES.sigint;
    return EXIT_CODES.runtime;
  }
}

export function isWhisperxError(error: unknown): error is WhisperxError {
  return error instanceof WhisperxError;
}

/** An AbortSignal fired: raise the error the pipeline uses for cancellation. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WhisperxError('aborted', 'Cancelled.');
}
