/**
 * Transcription settings: from the extension's preferences, overridable per run by the
 * "Transcribe Again" form, and turned into the whisperx CLI's argument array.
 */

export type Backend = "auto" | "onnx" | "mlx";
export type SaveFormat = "md" | "srt" | "vtt" | "txt";
export const SAVE_FORMATS: readonly SaveFormat[] = ["md", "srt", "vtt", "txt"];

/** Settings for one run. */
export interface TranscribeSettings {
  /** Whisper model name, Hugging Face repo id or local folder. Default "large-v3-turbo". */
  model: string;
  /** "auto" lets the CLI prefer MLX on Apple Silicon and fall back to ONNX. Default "auto". */
  backend: Backend;
  /** Language code; undefined detects it. Default undefined. */
  language?: string;
  /** Word alignment (off adds --no_align). Default true. */
  align: boolean;
  /** Speaker labels (--diarize). Default false. */
  diarize: boolean;
}

/** The preferences declared in package.json (all optional as Raycast may omit unset ones). */
export interface ExtensionPreferences {
  model?: string;
  backend?: string;
  language?: string;
  align?: boolean;
  diarize?: boolean;
  /** Passed as HF_TOKEN in the CLI's environment, never on its command line. */
  hfToken?: string;
  saveFormat?: string;
  cliPath?: string;
}

export const DEFAULT_SETTINGS: TranscribeSettings = {
  model: "large-v3-turbo",
  backend: "auto",
  language: undefined,
  align: true,
  diarize: false,
};

/** A language field's value as a CLI language: empty, "auto" or "detect" mean detection. */
export function normalizeLanguage(value: string | undefined): string | undefined {
  const v = (value ?? "").trim().toLowerCase();
  return v === "" || v === "auto" || v === "detect" ? undefined : v;
}

function isBackend(v: unknown): v is Backend {
  return v === "auto" || v === "onnx" || v === "mlx";
}

export function isSaveFormat(v: unknown): v is SaveFormat {
  return typeof v === "string" && (SAVE_FORMATS as readonly string[]).includes(v);
}

export function settingsFromPreferences(prefs: ExtensionPreferences): TranscribeSettings {
  return {
    model: prefs.model?.trim() || DEFAULT_SETTINGS.model,
    backend: isBackend(prefs.backend) ? prefs.backend : DEFAULT_SETTINGS.backend,
    language: normalizeLanguage(prefs.language),
    align: prefs.align ?? DEFAULT_SETTINGS.align,
    diarize: prefs.diarize ?? DEFAULT_SETTINGS.diarize,
  };
}

export function saveFormatFromPreferences(prefs: ExtensionPreferences): SaveFormat {
  return isSaveFormat(prefs.saveFormat) ? prefs.saveFormat : "md";
}

/**
 * The CLI's arguments after its entry point: every format into `outputDir`, progress as JSON
 * lines. One array element per argument: nothing here is ever parsed by a shell.
 */
export function buildCliArgs(file: string, outputDir: string, settings: TranscribeSettings): string[] {
  const args = [file, "--model", settings.model, "--output_dir", outputDir, "--output_format", "all"];
  args.push("--progress", "jsonl", "--backend", settings.backend);
  if (settings.language) args.push("--language", settings.language);
  if (!settings.align) args.push("--no_align");
  if (settings.diarize) args.push("--diarize");
  return args;
}
