/**
 * The `whisperx.*` settings as one typed object. Defaults here match package.json's
 * `contributes.configuration`; values of the wrong type fall back to the default.
 */

/** Where a transcript is opened once written. */
export type OpenAfter = 'editor' | 'preview' | 'none';
/** Subtitle files written by "Transcribe Media to Subtitles". */
export type SubtitleFormat = 'srt' | 'vtt' | 'both';

export interface WhisperxSettings {
  /** Whisper model name, hub repo id or local folder. Default 'small'. */
  model: string;
  /** Model executor. Default 'auto'. */
  backend: 'auto' | 'onnx' | 'mlx';
  /** Model precision / file variant. Default 'default'. */
  computeType: string;
  /** Language code; '' = detect. Default ''. */
  language: string;
  /** Speech windows decoded together. Default 8. */
  batchSize: number;
  /** Word alignment with wav2vec2. Default true. */
  align: boolean;
  /** Speaker labels. Default false. */
  diarize: boolean;
  /** Speaker count bounds for diarization; undefined = unknown. Default undefined. */
  minSpeakers: number | undefined;
  maxSpeakers: number | undefined;
  /** Hugging Face cache folder; '' = the standard cache. Default ''. */
  cacheDir: string;
  /** Only use cached models. Default false. */
  offline: boolean;
  /** Output folder; '' = beside the media, relative = from the workspace folder. Default ''. */
  outputFolder: string;
  /** Markdown file name without '.md'. Default '${name}.transcript'. */
  outputNamePattern: string;
  /** Subtitle file name without '.srt'/'.vtt'. Default '${name}'. */
  subtitleNamePattern: string;
  /** Subtitle formats. Default 'both'. */
  subtitleFormat: SubtitleFormat;
  /** Open the result in an editor, the Markdown preview, or not at all. Default 'editor'. */
  openAfter: OpenAfter;
  /** Word timings in the output. Default false. */
  wordTimestamps: boolean;
}

export const DEFAULT_SETTINGS: Readonly<WhisperxSettings> = Object.freeze({
  model: 'small',
  backend: 'auto',
  computeType: 'default',
  language: '',
  batchSize: 8,
  align: true,
  diarize: false,
  minSpeakers: undefined,
  maxSpeakers: undefined,
  cacheDir: '',
  offline: false,
  outputFolder: '',
  outputNamePattern: '${name}.transcript',
  subtitleNamePattern: '${name}',
  subtitleFormat: 'both',
  openAfter: 'editor',
  wordTimestamps: false,
});

/** The part of vscode.WorkspaceConfiguration used here. */
export interface ConfigurationReader {
  get<T>(section: string): T | undefined;
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.trim() : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** Read `whisperx.*` (pass `workspace.getConfiguration('whisperx', mediaUri)`). */
export function readSettings(config: ConfigurationReader): WhisperxSettings {
  const d = DEFAULT_SETTINGS;
  return {
    model: str(config.get('model'), d.model) || d.model,
    backend: pick(config.get('backend'), ['auto', 'onnx', 'mlx'], d.backend),
    computeType: str(config.get('computeType'), d.computeType) || d.computeType,
    language: str(config.get('language'), d.language),
    batchSize: positiveInt(config.get('batchSize')) ?? d.batchSize,
    align: bool(config.get('align'), d.align),
    diarize: bool(config.get('diarize'), d.diarize),
    minSpeakers: positiveInt(config.get('minSpeakers')),
    maxSpeakers: positiveInt(config.get('maxSpeakers')),
    cacheDir: str(config.get('cacheDir'), d.cacheDir),
    offline: bool(config.get('offline'), d.offline),
    outputFolder: str(config.get('outputFolder'), d.outputFolder),
    outputNamePattern: str(config.get('outputNamePattern'), d.outputNamePattern) || d.outputNamePattern,
    subtitleNamePattern: str(config.get('subtitleNamePattern'), d.subtitleNamePattern) || d.subtitleNamePattern,
    subtitleFormat: pick(config.get('subtitleFormat'), ['srt', 'vtt', 'both'], d.subtitleFormat),
    openAfter: pick(config.get('openAfter'), ['editor', 'preview', 'none'], d.openAfter),
    wordTimestamps: bool(config.get('wordTimestamps'), d.wordTimestamps),
  };
}

/** Problems a person must fix in the settings before a run (one line each, naming the setting). */
export function settingsProblems(s: WhisperxSettings): string[] {
  const problems: string[] = [];
  if (s.minSpeakers !== undefined && s.maxSpeakers !== undefined && s.minSpeakers > s.maxSpeakers) {
    problems.push(
      `whisperx.minSpeakers (${s.minSpeakers}) is greater than whisperx.maxSpeakers (${s.maxSpeakers}): make min <= max.`,
    );
  }
  if (s.wordTimestamps && !s.align) {
    problems.push('whisperx.wordTimestamps needs word alignment: turn on whisperx.align or turn off wordTimestamps.');
  }
  return problems;
}
