/**
 * What the result view's Save and Open actions do, with Raycast's alert and toasts.
 */
import { Alert, confirmAlert, environment, open, showToast, Toast } from "@raycast/api";
import { mkdir } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { describeFailure } from "./failures.js";
import { saveNextToMedia, writeAtomically } from "./save-transcript.js";
import type { SaveFormat } from "./settings.js";
import { showFailure } from "./transcribe-flow.js";

/** The text a transcript has in each savable format. */
export interface TranscriptTexts {
  file: string;
  formats: Record<SaveFormat, string>;
}

/** Saves next to the media; asks before replacing a file. Returns the path written, if any. */
export async function saveWithToast(transcript: TranscriptTexts, format: SaveFormat): Promise<string | undefined> {
  const content = transcript.formats[format];
  if (!content) {
    await showFailure(describeFailure("save-failed", `No ${format} output for this transcript. Transcribe it again.`));
    return undefined;
  }
  try {
    const outcome = await saveNextToMedia({
      mediaPath: transcript.file,
      format,
      content,
      confirmOverwrite: (target) =>
        confirmAlert({
          title: `Replace ${basename(target)}?`,
          message: "A file with this name already exists next to the media.",
          primaryAction: { title: "Replace", style: Alert.ActionStyle.Destructive },
        }),
    });
    if (!outcome.saved) return undefined;
    await showToast({ style: Toast.Style.Success, title: `Saved ${basename(outcome.path)}`, message: outcome.path });
    return outcome.path;
  } catch (error) {
    await showFailure(describeFailure("save-failed", `${(error as Error).message}`));
    return undefined;
  }
}

/** Writes the Markdown into the extension's support folder and opens it in the default app. */
export async function openMarkdown(transcript: TranscriptTexts): Promise<void> {
  try {
    const folder = join(environment.supportPath, "transcripts");
    await mkdir(folder, { recursive: true });
    const path = join(folder, `${basename(transcript.file, extname(transcript.file))}.md`);
    await writeAtomically(path, transcript.formats.md);
    await open(path);
  } catch (error) {
    await showFailure(describeFailure("save-failed", `${(error as Error).message}`));
  }
}
