import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { locateCli } from "./cli-locate.js";
import { TranscriptionError } from "./failures.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "wx-locate-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function exe(path: string, text: string) {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, text);
  await chmod(path, 0o755);
}

describe("locateCli", () => {
  it("runs npm's symlinked JS entry through the node beside it", async () => {
    const bin = join(dir, "prefix", "bin");
    const entry = join(dir, "prefix", "lib", "node_modules", "@whisperx-ts", "cli", "dist", "bin.js");
    await exe(entry, "#!/usr/bin/env node\nconsole.log(1)\n");
    await exe(join(bin, "node"), "#!/bin/sh\n");
    await symlink(entry, join(bin, "whisperx"));
    const home = join(dir, "home");
    const cli = await locateCli({ home, env: { PATH: ["/nonexistent", bin].join(delimiter) } });
    expect(cli.executable).toBe(join(bin, "node"));
    expect(cli.args).toEqual([entry]);
    expect(cli.path.split(delimiter)[0]).toBe(bin);
    expect(cli.path.split(delimiter)).toContain("/opt/homebrew/bin");
  });

  it("executes a shell shim directly and searches per-user install folders", async () => {
    const home = join(dir, "home");
    const shim = join(home, "Library", "pnpm", "whisperx");
    await exe(shim, '#!/bin/sh\nexec node "$@"\n');
    const cli = await locateCli({ home, env: { PATH: "" }, fallbackNode: "/fallback/node" });
    expect(cli.executable).toBe(shim);
    expect(cli.path.split(delimiter)).toContain(join(home, "Library", "pnpm"));
    expect(cli.args).toEqual([]);
  });

  it("uses the preference: a file, ~ path, or a packages/cli checkout", async () => {
    const home = join(dir, "home");
    const entry = join(home, "src", "whisperx-ts", "packages", "cli", "dist", "bin.js");
    await exe(entry, "console.log(1)\n");
    for (const preferredPath of [
      entry,
      "~/src/whisperx-ts/packages/cli/dist/bin.js",
      join(home, "src", "whisperx-ts", "packages", "cli"),
    ]) {
      const cli = await locateCli({ home, preferredPath, env: { PATH: "" }, fallbackNode: "/fallback/node" });
      expect(cli.args).toEqual([entry]);
    }
  });

  it("says what to do when the CLI is missing", async () => {
    const home = join(dir, "home");
    for (const preferredPath of ["", join(dir, "nope")]) {
      try {
        await locateCli({ home, preferredPath, env: { PATH: join(dir, "empty") }, installDirs: [] });
        throw new Error("expected a failure");
      } catch (error) {
        expect(error).toBeInstanceOf(TranscriptionError);
        expect((error as TranscriptionError).failure.kind).toBe("cli-missing");
        expect((error as TranscriptionError).failure.message).toMatch(preferredPath ? /preference/ : /npm i -g/);
      }
    }
  });
});
