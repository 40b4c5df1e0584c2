/**
 * Facts shown next to a transcript, read from the CLI's WhisperX-shaped JSON.
 */

/** Speaker labels in order of first appearance (segments' and words' `speaker` fields). */
export function speakersOf(json: unknown): string[] {
  const segments = (json as { segments?: unknown } | undefined)?.segments;
  if (!Array.isArray(segments)) return [];
  const seen = new Set<string>();
  for (const segment of segments as Array<{ speaker?: unknown; words?: unknown }>) {
    if (typeof segment?.speaker === "string") seen.add(segment.speaker);
    if (Array.isArray(segment?.words)) {
      for (const word of segment.words as Array<{ speaker?: unknown }>) {
        if (typeof word?.speaker === "string") seen.add(word.speaker);
      }
    }
  }
  return [...seen];
}

/** 3723.4 -> "1:02:03", 75 -> "1:15". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
