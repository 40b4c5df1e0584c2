import { Detail, getPreferenceValues } from "@raycast/api";
import { useEffect, useState } from "react";
import { TranscriptionView } from "./components/transcription-view.js";
import { saveFormatFromPreferences, settingsFromPreferences, type ExtensionPreferences } from "./lib/settings.js";
import { readClipboardMedia } from "./lib/transcribe-flow.js";

/** "Transcribe Clipboard File": the media file copied in Finder (or its path) -> a transcript. */
export default function Command() {
  const [clip, setClip] = useState<{ path?: string; message?: string } | undefined>(undefined);

  useEffect(() => {
    readClipboardMedia().then((media) =>
      setClip(
        media.path ? { path: media.path } : { message: `## ${media.failure?.title}\n\n${media.failure?.message}` },
      ),
    );
  }, []);

  if (!clip) return <Detail isLoading markdown="" />;
  if (!clip.path) return <Detail markdown={clip.message} />;
  const prefs = getPreferenceValues<ExtensionPreferences>();
  return (
    <TranscriptionView
      file={clip.path}
      settings={settingsFromPreferences(prefs)}
      saveFormat={saveFormatFromPreferences(prefs)}
    />
  );
}
