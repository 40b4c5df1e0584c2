/**
 * From clipboard content to one media file path, or the Failure that says why not.
 */
import { parseClipboard, type ClipboardContent } from "./clipboard-path.js";
import { describeFailure, type Failure } from "./failures.js";
import { checkMediaFile, type MediaProblem } from "./media-check.js";

export type ClipboardMedia = { ok: true; path: string } | { ok: false; failure: Failure };

const PROBLEM_RANK: Record<MediaProblem, number> = { missing: 0, "not-a-file": 1, "not-media": 2 };

/**
 * The first candidate path that is an existing media file. When none is, the failure reports
 * the most specific problem found (an existing non-media file beats a missing path).
 */
export async function resolveClipboardMedia(content: ClipboardContent, home: string): Promise<ClipboardMedia> {
  const parsed = parseClipboard(content, home);
  if (parsed.kind === "empty") return { ok: false, failure: describeFailure("empty-clipboard") };
  if (parsed.kind === "not-a-path") return { ok: false, failure: describeFailure("not-a-path", parsed.text) };

  let worst: { problem: MediaProblem; path: string } | undefined;
  for (const path of parsed.candidates) {
    const problem = await checkMediaFile(path);
    if (problem === undefined) return { ok: true, path };
    if (!worst || PROBLEM_RANK[problem] > PROBLEM_RANK[worst.problem]) worst = { problem, path };
  }
  const { problem, path } = worst ?? { problem: "missing" as const, path: parsed.candidates[0] };
  const kind = problem === "missing" ? "file-missing" : problem;
  return { ok: false, failure: describeFailure(kind, path) };
}
