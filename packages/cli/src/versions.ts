/**
 * `whisperx -P/--python-version`: WhisperX prints the Python runtime it runs on; here the
 * runtime is Node, so the line names Node, V8 and the packages that do the work. Read from the
 * packages' own package.json files (no heavy imports: this runs before any model code).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

function versionOf(pkgJson: string): string {
  try {
    return (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

/** Walk up from a resolved module file to the package.json of package `name`. */
function packageJsonOf(name: string, fromFile: string): string | undefined {
  try {
    const require = createRequire(fromFile);
    let dir = path.dirname(require.resolve(name));
    for (let i = 0; i < 8; i++) {
      const candidate = path.join(dir, 'package.json');
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === name) return candidate;
      } catch {
        /* not here: go up */
      }
      dir = path.dirname(dir);
    }
  } catch {
    /* not resolvable */
  }
  return undefined;
}

/** One line: the runtime and the versions of the CLI, core and onnxruntime-node. */
export function versionLine(cliVersion: string): string {
  const here = new URL(import.meta.url).pathname;
  const core = packageJsonOf('@whisperx-ts/core', here);
  const ort = core ? packageJsonOf('onnxruntime-node', core) : undefined;
  return (
    `Node ${process.version} (V8 ${process.versions.v8}, ${process.platform}-${process.arch}); ` +
    `whisperx-ts CLI ${cliVersion}, @whisperx-ts/core ${core ? versionOf(core) : 'not installed'}, ` +
    `onnxruntime-node ${ort ? versionOf(ort) : 'not installed'}`
  );
}
