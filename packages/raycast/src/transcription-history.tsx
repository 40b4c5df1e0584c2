import { Action, ActionPanel, Alert, confirmAlert, getPreferenceValues, Icon, List, LocalStorage } from "@raycast/api";
import { useCallback, useEffect, useMemo, useState } from "react";
import { basename } from "node:path";
import { TranscriptDetail } from "./components/transcript-detail.js";
import { createHistoryStore, filterHistory, type HistoryEntry } from "./lib/history-store.js";
import { saveFormatFromPreferences, type ExtensionPreferences } from "./lib/settings.js";
import { formatDuration } from "./lib/transcript-meta.js";

/** "Transcription History": the 20 most recent transcripts, searchable, with delete. */
export default function Command() {
  const store = useMemo(() => createHistoryStore(LocalStorage), []);
  const saveFormat = saveFormatFromPreferences(getPreferenceValues<ExtensionPreferences>());
  const [entries, setEntries] = useState<HistoryEntry[] | undefined>(undefined);
  const [query, setQuery] = useState("");

  const reload = useCallback(() => store.list().then(setEntries), [store]);
  useEffect(() => {
    reload();
  }, [reload]);

  const remove = async (entry: HistoryEntry) => {
    const ok = await confirmAlert({
      title: `Delete the transcript of ${basename(entry.file)}?`,
      message: "Only the history entry is deleted; files saved next to the media stay.",
      primaryAction: { title: "Delete", style: Alert.ActionStyle.Destructive },
    });
    if (ok) {
      await store.remove(entry.id);
      await reload();
    }
  };

  const deleteAction = (entry: HistoryEntry) => (
    <Action
      title="Delete from History"
      icon={Icon.Trash}
      style={Action.Style.Destructive}
      shortcut={{ modifiers: ["ctrl"], key: "x" }}
      onAction={() => remove(entry)}
    />
  );

  const shown = filterHistory(entries ?? [], query);
  return (
    <List
      isLoading={entries === undefined}
      filtering={false}
      onSearchTextChange={setQuery}
      searchBarPlaceholder="Search file names, languages and transcript text"
    >
      <List.EmptyView
        title={query ? "No matching transcripts" : "No transcripts yet"}
        description={query ? "Try other words." : 'Copy a media file and run "Transcribe Clipboard File".'}
      />
      {shown.map((entry) => (
        <List.Item
          key={entry.id}
          title={basename(entry.file)}
          subtitle={(entry.formats.txt || entry.markdown).replace(/\s+/g, " ").slice(0, 80)}
          accessories={[
            { text: entry.language || undefined },
            { text: formatDuration(entry.duration) },
            { date: new Date(entry.createdAt) },
          ]}
          actions={
            <ActionPanel>
              <Action.Push
                title="Show Transcript"
                icon={Icon.Eye}
                target={
                  <TranscriptDetail
                    transcript={entry}
                    saveFormat={saveFormat}
                    extraActions={<ActionPanel.Section>{deleteAction(entry)}</ActionPanel.Section>}
                  />
                }
              />
              <Action.CopyToClipboard title="Copy Transcript" content={entry.markdown} />
              <Action.Paste title="Paste Transcript" content={entry.formats.txt || entry.markdown} />
              {deleteAction(entry)}
            </ActionPanel>
          }
        />
      ))}
    </List>
  );
}
