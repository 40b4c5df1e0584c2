/**
 * Where an output goes: the folder (beside the media, or whisperx.outputFolder) and the file
 * name from a pattern (whisperx.outputNamePattern / subtitleNamePattern) plus the format's
 * extension; and the "Keep both" name when that file exists already.
 */
import * as path from 'node:path';

/** Output formats the extension asks the CLI for. */
export type OutputKind = 'md' | 'srt' | 'vtt';

export interface OutputLocationOptions {
  /** whisperx.outputFolder: '' = beside the media; relative = from `workspaceFolder`; absolute as is. */
  outputFolder: string;
  /** File name without extension, with ${name}, ${ext}, ${date}. */
  namePattern: string;
  /** Folder of the workspace that holds the media (for a relative outputFolder); undefined = the media's folder. */
  workspaceFolder: string | undefined;
  /** Day used by ${date}. Default: now. */
  now?: Date;
}

function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Characters that no file system accepts in a name (Windows is the strictest). */
const UNSAFE_NAME_CHARS = /[<>:"/\\|?*]/;

function hasUnsafeChars(name: string): boolean {
  return UNSAFE_NAME_CHARS.test(name) || [...name].some((ch) => ch.charCodeAt(0) < 0x20);
}

/**
 * Expand a name pattern for one media file. Unknown ${...} variables and characters that are
 * not allowed in file names are errors (thrown as Error with a message naming the setting).
 */
export function expandNamePattern(
  pattern: string,
  mediaPath: string,
  now: Date = new Date(),
  setting = 'whisperx.outputNamePattern',
): string {
  const base = path.basename(mediaPath);
  const ext = path.extname(base);
  const vars: Record<string, string> = {
    name: ext ? base.slice(0, -ext.length) : base,
    ext: ext.slice(1),
    date: isoDate(now),
  };
  const expanded = pattern.replace(/\$\{([^}]*)\}/g, (match, key: string) => {
    const value = vars[key];
    if (value === undefined) {
      throw new Error(`${setting} "${pattern}": unknown variable ${match}; use \${name}, \${ext} or \${date}.`);
    }
    return value;
  });
  const name = expanded.trim();
  if (name === '' || name === '.' || name === '..') {
    throw new Error(`${setting} "${pattern}" gives an empty file name: include \${name}.`);
  }
  if (hasUnsafeChars(name)) {
    throw new Error(
      `${setting} "${pattern}" gives "${name}", which has characters not allowed in a file name (such as / \\ : * ?).`,
    );
  }
  return name;
}

/** The folder an output goes to. */
export function outputFolderFor(mediaPath: string, outputFolder: string, workspaceFolder: string | undefined): string {
  if (outputFolder === '') return path.dirname(mediaPath);
  if (path.isAbsolute(outputFolder)) return path.normalize(outputFolder);
  return path.resolve(workspaceFolder ?? path.dirname(mediaPath), outputFolder);
}

/** Full path of the output of `kind` for a media file. */
export function outputPathFor(mediaPath: string, kind: OutputKind, options: OutputLocationOptions): string {
  const setting = kind === 'md' ? 'whisperx.outputNamePattern' : 'whisperx.subtitleNamePattern';
  const name = expandNamePattern(options.namePattern, mediaPath, options.now, setting);
  return path.join(outputFolderFor(mediaPath, options.outputFolder, options.workspaceFolder), `${name}.${kind}`);
}

/**
 * "Keep both": the first of `name (2).ext`, `name (3).ext`, ... for which `exists` is false.
 * `exists` is given (not fs) so callers can check the disk and names already claimed in this run.
 */
export async function keepBothPath(target: string, exists: (candidate: string) => Promise<boolean>): Promise<string> {
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 2; n < 10_000; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!(await exists(candidate))) return candidate;
  }
  throw new Error(`No free name beside ${target} (tried up to "(9999)"): remove old transcripts.`);
}
