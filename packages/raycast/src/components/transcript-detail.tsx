import { Action, ActionPanel, Detail, Icon, Keyboard } from "@raycast/api";
import { basename } from "node:path";
import { formatDuration } from "../lib/transcript-meta.js";
import { openMarkdown, saveWithToast } from "../lib/transcript-actions.js";
import type { HistoryEntry } from "../lib/history-store.js";
import { SAVE_FORMATS, type SaveFormat } from "../lib/settings.js";
import { SettingsForm } from "./settings-form.js";

/** A transcript as the result view and the history show it: a history entry, or a new result (no id or time yet). */
export type TranscriptView = Omit<HistoryEntry, "id" | "createdAt"> & { createdAt?: string };

const FORMAT_TITLES: Record<SaveFormat, string> = {
  md: "Markdown (.md)",
  srt: "SubRip (.srt)",
  vtt: "WebVTT (.vtt)",
  txt: "Plain Text (.txt)",
};

export function TranscriptDetail(props: {
  transcript: TranscriptView;
  saveFormat: SaveFormat;
  /** Extra actions (e.g. Delete in the history). */
  extraActions?: React.ReactNode;
}) {
  const { transcript, saveFormat } = props;
  const { settings } = transcript;
  return (
    <Detail
      navigationTitle={basename(transcript.file)}
      markdown={transcript.markdown}
      metadata={
        <Detail.Metadata>
          <Detail.Metadata.Label title="File" text={basename(transcript.file)} />
          <Detail.Metadata.Label title="Duration" text={formatDuration(transcript.duration)} />
          <Detail.Metadata.Label title="Language" text={transcript.language || "unknown"} />
          <Detail.Metadata.Label title="Model" text={settings.model} />
          <Detail.Metadata.Label title="Backend" text={settings.backend} />
          <Detail.Metadata.Label title="Word Timestamps" text={settings.align ? "aligned" : "off"} />
          {transcript.speakers.length > 0 ? (
            <Detail.Metadata.TagList title="Speakers">
              {transcript.speakers.map((s) => (
                <Detail.Metadata.TagList.Item key={s} text={s} />
              ))}
            </Detail.Metadata.TagList>
          ) : (
            <Detail.Metadata.Label title="Speakers" text={settings.diarize ? "none found" : "not labeled"} />
          )}
          {transcript.createdAt ? (
            <Detail.Metadata.Label title="Transcribed" text={new Date(transcript.createdAt).toLocaleString()} />
          ) : null}
          <Detail.Metadata.Separator />
          <Detail.Metadata.Label title="Path" text={transcript.file} />
        </Detail.Metadata>
      }
      actions={
        <ActionPanel>
          <ActionPanel.Section>
            <Action.CopyToClipboard title="Copy Transcript" content={transcript.markdown} />
            <Action.Paste title="Paste Transcript" content={transcript.formats.txt || transcript.markdown} />
            <Action
              title={`Save as ${FORMAT_TITLES[saveFormat]}`}
              icon={Icon.SaveDocument}
              shortcut={Keyboard.Shortcut.Common.Save}
              onAction={() => saveWithToast(transcript, saveFormat)}
            />
            <ActionPanel.Submenu title="Save as…" icon={Icon.SaveDocument}>
              {SAVE_FORMATS.map((format) => (
                <Action key={format} title={FORMAT_TITLES[format]} onAction={() => saveWithToast(transcript, format)} />
              ))}
            </ActionPanel.Submenu>
            <Action
              title="Open Transcript"
              icon={Icon.Document}
              shortcut={Keyboard.Shortcut.Common.Open}
              onAction={() => openMarkdown(transcript)}
            />
          </ActionPanel.Section>
          <ActionPanel.Section>
            <Action.Push
              title="Transcribe Again with Other Settings"
              icon={Icon.ArrowClockwise}
              shortcut={Keyboard.Shortcut.Common.Refresh}
              target={<SettingsForm file={transcript.file} initial={settings} saveFormat={saveFormat} />}
            />
            <Action.CopyToClipboard title="Copy as Plain Text" content={transcript.formats.txt} />
            <Action.ShowInFinder title="Show Media in Finder" path={transcript.file} />
          </ActionPanel.Section>
          {props.extraActions}
        </ActionPanel>
      }
    />
  );
}
