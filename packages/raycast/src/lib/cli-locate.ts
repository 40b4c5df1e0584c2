/**
 * Finds the whisperx CLI and the node that runs it. Raycast starts extensions with a short
 * PATH (no Homebrew, no npm global bin), so the usual install folders are searched too.
 * A JavaScript entry (npm's symlink to dist/bin.js) runs as `node ENTRY`; anything else
 * (pnpm's shell shim, a wrapper) is executed directly with node's folder put on its PATH.
 */
import { constants } from "node:fs";
import { access, open, readdir, realpath, stat } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { describeFailure, TranscriptionError } from "./failures.js";

/** How to start the CLI: `executable ...args FILE --flags`. */
export interface CliCommand {
  /** node, or the CLI itself when it is not a JavaScript file. */
  executable: string;
  /** Arguments before the CLI's own (the entry script when run through node). */
  args: string[];
  /** PATH for the child: node's folder and the usual install folders first (ffmpeg lives there). */
  path: string;
  /** The CLI file that was found (after following links). */
  entry: string;
}

export interface LocateOptions {
  /** The "whisperx CLI path" preference; empty searches. Default "". */
  preferredPath?: string;
  /** Environment whose PATH is searched. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Home folder for ~ and per-user install folders. Default os.homedir() by the caller. */
  home: string;
  /** node to use when none is found on PATH or in the install folders. Default process.execPath. */
  fallbackNode?: string;
  /** Folders searched after PATH. Default commonBinDirs(home) and nvm's bin folders, newest first. */
  installDirs?: string[];
}

/** Folders where Homebrew, npm, pnpm, volta, bun and yarn put global binaries on macOS. */
export function commonBinDirs(home: string): string[] {
  return [
    "/opt/homebrew/bin",
    "/usr/local/bin",
    join(home, ".npm-global", "bin"),
    join(home, ".local", "bin"),
    join(home, "Library", "pnpm"),
    join(home, ".local", "share", "pnpm"),
    join(home, ".volta", "bin"),
    join(home, ".bun", "bin"),
    join(home, ".yarn", "bin"),
    "/usr/bin",
  ];
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function unique(dirs: string[]): string[] {
  return [...new Set(dirs.filter((d) => d.length > 0))];
}

/** nvm installs: newest version's bin folder first. */
async function nvmBinDirs(home: string): Promise<string[]> {
  const root = join(home, ".nvm", "versions", "node");
  try {
    const versions = await readdir(root);
    const byVersion = versions
      .map((v) => ({ v, parts: v.replace(/^v/, "").split(".").map(Number) }))
      .sort((a, b) => b.parts[0] - a.parts[0] || b.parts[1] - a.parts[1] || b.parts[2] - a.parts[2]);
    return byVersion.map(({ v }) => join(root, v, "bin"));
  } catch {
    return [];
  }
}

/** The folders searched, in order: PATH, then the install folders (default: the usual ones, then nvm's). */
export async function searchDirs(env: NodeJS.ProcessEnv, home: string, installDirs?: string[]): Promise<string[]> {
  const fromPath = (env.PATH ?? "").split(delimiter);
  return unique([...fromPath, ...(installDirs ?? [...commonBinDirs(home), ...(await nvmBinDirs(home))])]);
}

async function findIn(dirs: string[], name: string): Promise<string | undefined> {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** True for a .js/.mjs/.cjs file or a file whose shebang runs node. */
async function isJavaScript(path: string): Promise<boolean> {
  if (/\.(c|m)?js$/i.test(path)) return true;
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(128);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const first = buf.subarray(0, bytesRead).toString("utf8").split("\n")[0];
    return first.startsWith("#!") && /\bnode\b/.test(first);
  } finally {
    await handle.close();
  }
}

/** A preference may name the CLI file or a checkout of packages/cli. */
async function fromPreference(path: string, home: string): Promise<string | undefined> {
  const expanded = path === "~" ? home : path.startsWith("~/") ? join(home, path.slice(2)) : path;
  if (await isFile(expanded)) return expanded;
  for (const inner of [join(expanded, "dist", "bin.js"), join(expanded, "bin", "whisperx")]) {
    if (await isFile(inner)) return inner;
  }
  return undefined;
}

/** Finds the CLI; throws a TranscriptionError("cli-missing") that says where it looked and what to do. */
export async function locateCli(options: LocateOptions): Promise<CliCommand> {
  const env = options.env ?? process.env;
  const dirs = await searchDirs(env, options.home, options.installDirs);
  const preferred = options.preferredPath?.trim() ?? "";

  let found: string | undefined;
  if (preferred) {
    found = await fromPreference(preferred, options.home);
    if (!found) {
      throw new TranscriptionError(
        describeFailure(
          "cli-missing",
          `${preferred} (the "whisperx CLI Path" preference) does not exist. Fix it, or clear it to search PATH.`,
        ),
      );
    }
  } else {
    found = await findIn(dirs, "whisperx");
    if (!found) {
      throw new TranscriptionError(
        describeFailure(
          "cli-missing",
          "No whisperx on PATH, in Homebrew or in npm's global folders. Install it (npm i -g @whisperx-ts/cli) or set its path in the preferences.",
        ),
      );
    }
  }

  const entry = await realpath(found);
  const nodeDirs = unique([dirname(found), dirname(entry), ...dirs]);
  const node = (await findIn(nodeDirs, "node")) ?? options.fallbackNode ?? process.execPath;
  const path = unique([dirname(node), ...dirs]).join(delimiter);
  if (await isJavaScript(entry)) return { executable: node, args: [entry], path, entry };
  return { executable: entry, args: [], path, entry };
}
