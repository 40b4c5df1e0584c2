/**
 * The words of the progress toast: "Transcribing… 42%" and "talk.mov · about 1 min left".
 */
import { basename } from "node:path";
import type { CliProgressEvent } from "@whisperx-ts/cli/protocol";

const STAGE_LABELS: Record<string, string> = {
  load: "Loading model",
  decode: "Decoding audio",
  vad: "Detecting speech",
  asr: "Transcribing",
  align: "Aligning words",
  diarize: "Labeling speakers",
};

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? stage;
}

function etaText(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
  const s = Math.round(seconds);
  if (s < 60) return `about ${s}s left`;
  return `about ${Math.round(s / 60)} min left`;
}

/** Toast title and message for a progress event. */
export function progressText(file: string, event: CliProgressEvent): { title: string; message: string } {
  const percent = Math.floor(event.progress * 100);
  const parts = [basename(file), event.message, etaText(event.etaSeconds)].filter((p): p is string => !!p);
  return { title: `${stageLabel(event.stage)}\u2026 ${percent}%`, message: parts.join(" \u00b7 ") };
}
