import { Action, ActionPanel, Detail, getPreferenceValues, Icon, LocalStorage } from "@raycast/api";
import { useEffect, useRef, useState } from "react";
import { basename } from "node:path";
import type { TranscriptionResult } from "../lib/cli-runner.js";
import type { Failure } from "../lib/failures.js";
import { createHistoryStore } from "../lib/history-store.js";
import type { ExtensionPreferences, SaveFormat, TranscribeSettings } from "../lib/settings.js";
import { transcribeWithToast } from "../lib/transcribe-flow.js";
import { SettingsForm } from "./settings-form.js";
import { TranscriptDetail } from "./transcript-detail.js";

type State =
  | { status: "running"; title: string; message: string }
  | { status: "done"; result: TranscriptionResult }
  | { status: "cancelled" }
  | { status: "failed"; failure: Failure };

/** Runs the CLI on one file (out of process) and shows progress, then the transcript. */
export function TranscriptionView(props: { file: string; settings: TranscribeSettings; saveFormat: SaveFormat }) {
  const [state, setState] = useState<State>({ status: "running", title: "Starting whisperx\u2026", message: "" });
  const controller = useRef<AbortController | undefined>(undefined);
  const settingsKey = JSON.stringify(props.settings); // rerun only when the settings' values change

  useEffect(() => {
    const abort = new AbortController();
    controller.current = abort;
    const prefs = getPreferenceValues<ExtensionPreferences>();
    transcribeWithToast({
      file: props.file,
      settings: props.settings,
      cliPath: prefs.cliPath,
      hfToken: prefs.hfToken,
      history: createHistoryStore(LocalStorage),
      signal: abort.signal,
      onProgress: (title, message) => {
        if (!abort.signal.aborted) setState({ status: "running", title, message });
      },
    }).then((outcome) => {
      if (!abort.signal.aborted || outcome.status === "cancelled") setState(outcome);
    });
    // Leaving the view stops the CLI: no transcription keeps running unseen.
    return () => abort.abort();
  }, [props.file, settingsKey]);

  if (state.status === "done") return <TranscriptDetail transcript={state.result} saveFormat={props.saveFormat} />;

  const again = (
    <Action.Push
      title="Transcribe Again with Other Settings"
      icon={Icon.ArrowClockwise}
      target={<SettingsForm file={props.file} initial={props.settings} saveFormat={props.saveFormat} />}
    />
  );
  const name = basename(props.file);
  if (state.status === "running") {
    return (
      <Detail
        isLoading
        navigationTitle={name}
        markdown={`## ${state.title}\n\n\`${name}\`\n\n${state.message}\n\nTranscription runs on this Mac. Press Cancel to stop it.`}
        actions={
          <ActionPanel>
            <Action title="Cancel" icon={Icon.XMarkCircle} onAction={() => controller.current?.abort()} />
          </ActionPanel>
        }
      />
    );
  }
  const text =
    state.status === "cancelled"
      ? `## Transcription cancelled\n\n\`${name}\``
      : `## ${state.failure.title}\n\n${state.failure.message}`;
  return <Detail navigationTitle={name} markdown={text} actions={<ActionPanel>{again}</ActionPanel>} />;
}
