/**
 * Transcript types, compatible with WhisperX's JSON output (field names are WhisperX's,
 * snake_case where WhisperX uses it). Times are seconds in the original audio.
 */

/** One character with its alignment (only with --return_char_alignments). */
export interface CharTiming {
  char: string;
  start?: number;
  end?: number;
  score?: number;
}

/** One word. start/end/score are absent when alignment could not time it. */
export interface WordTiming {
  word: string;
  start?: number;
  end?: number;
  score?: number;
  speaker?: string;
}

/** One transcript segment (a sentence after alignment, a Whisper segment before). */
export interface TranscriptSegment {
  start: number;
  end: number;
  /** Text as Whisper produced it (usually with a leading space, as WhisperX keeps it). */
  text: string;
  words?: WordTiming[];
  chars?: CharTiming[];
  speaker?: string;
  /** Decoding statistics, when known (not written by every writer). */
  avg_logprob?: number;
  no_speech_prob?: number;
  compression_ratio?: number;
  temperature?: number;
}

/** The full result of a run. */
export interface TranscriptResult {
  segments: TranscriptSegment[];
  /** All words of all segments, in order (after alignment). */
  word_segments?: WordTiming[];
  /** ISO 639-1 code (e.g. "en") detected or given. */
  language: string;
  /** Per-speaker embedding vectors (with --speaker_embeddings). */
  speaker_embeddings?: Record<string, number[]>;
}

/** Facts about the run shown by writers that have a header (md). */
export interface TranscriptMetadata {
  /** The media file name (or path) transcribed. */
  file?: string;
  /** Duration of the audio in seconds. */
  duration?: number;
  /** The model name or folder used. */
  model?: string;
  /** Language code (falls back to result.language). */
  language?: string;
  /** When the transcript was made (ISO string); omitted when absent, for reproducible output. */
  createdAt?: string;
}
