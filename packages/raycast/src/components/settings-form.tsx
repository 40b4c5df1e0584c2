import { Action, ActionPanel, Form, useNavigation } from "@raycast/api";
import { basename } from "node:path";
import { normalizeLanguage, type Backend, type SaveFormat, type TranscribeSettings } from "../lib/settings.js";
import { TranscriptionView } from "./transcription-view.js";

const MODELS = [
  "tiny",
  "base",
  "small",
  "medium",
  "large-v3",
  "large-v3-turbo",
  "tiny.en",
  "base.en",
  "small.en",
  "medium.en",
];

interface FormValues {
  model: string;
  backend: string;
  language: string;
  align: boolean;
  diarize: boolean;
}

/** "Transcribe Again with Other Settings": pick model, language, backend, alignment and speakers. */
export function SettingsForm(props: { file: string; initial: TranscribeSettings; saveFormat: SaveFormat }) {
  const { push } = useNavigation();
  const models = MODELS.includes(props.initial.model) ? MODELS : [props.initial.model, ...MODELS];
  return (
    <Form
      navigationTitle={`Transcribe ${basename(props.file)}`}
      actions={
        <ActionPanel>
          <Action.SubmitForm
            title="Transcribe"
            onSubmit={(values: FormValues) => {
              const settings: TranscribeSettings = {
                model: values.model,
                backend: values.backend as Backend,
                language: normalizeLanguage(values.language),
                align: values.align,
                diarize: values.diarize,
              };
              push(<TranscriptionView file={props.file} settings={settings} saveFormat={props.saveFormat} />);
            }}
          />
        </ActionPanel>
      }
    >
      <Form.Description title="File" text={props.file} />
      <Form.Dropdown id="model" title="Model" defaultValue={props.initial.model}>
        {models.map((m) => (
          <Form.Dropdown.Item key={m} value={m} title={m} />
        ))}
      </Form.Dropdown>
      <Form.TextField
        id="language"
        title="Language"
        placeholder="auto-detect (or en, de, ja, ...)"
        defaultValue={props.initial.language ?? ""}
      />
      <Form.Dropdown id="backend" title="Backend" defaultValue={props.initial.backend}>
        <Form.Dropdown.Item value="auto" title="Auto (MLX on Apple Silicon)" />
        <Form.Dropdown.Item value="mlx" title="MLX" />
        <Form.Dropdown.Item value="onnx" title="ONNX Runtime" />
      </Form.Dropdown>
      <Form.Checkbox id="align" label="Word-level timestamps (alignment)" defaultValue={props.initial.align} />
      <Form.Checkbox id="diarize" label="Label speakers (diarization)" defaultValue={props.initial.diarize} />
    </Form>
  );
}
