/** Shared by the tests: the fake CLI fixture and process checks. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CliCommand } from "./cli-locate.js";

export const FAKE_CLI = fileURLToPath(new URL("../__fixtures__/fake-whisperx.mjs", import.meta.url));

/** The fake CLI started through the current node, as locateCli would start a JS entry. */
export function fakeCli(): CliCommand {
  return { executable: process.execPath, args: [FAKE_CLI], path: process.env.PATH ?? "", entry: FAKE_CLI };
}

/** True while the process runs (a zombie awaiting its parent's wait counts as ended). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true; // no /proc (macOS): the signal check decides
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
