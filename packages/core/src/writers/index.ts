/**
 * Transcript writers: txt, srt, vtt, tsv, json, aud (byte-identical to WhisperX 3.8's writers on
 * well-formed input; test/fixtures/writers/check-against-whisperx.py compares) and md.
 * Deliberate differences, all for input WhisperX mishandles (see subtitle-cues.ts,
 * normalize-times.ts): messy times are normalised instead of raising or writing end < start;
 * cue starts never decrease and cues last >= 1 ms; a segment whose words are [] keeps its text
 * in srt/vtt; empty words are skipped; line breaks in texts become spaces in srt/vtt/tsv/aud;
 * `-->` is removed from every cue; VTT escapes & and <; highlighted ja/zh cues are joined
 * without spaces; json writes null for NaN.
 */
export type { WriterOptions, ResolvedWriterOptions } from './writer-options.js';
export { resolveWriterOptions, writerOptionWarnings } from './writer-options.js';
export type { OutputFormat, FormatTranscriptOptions } from './format-transcript.js';
export { OUTPUT_FORMATS, ALL_FORMATS, isOutputFormat, formatTranscript } from './format-transcript.js';
export type { WriteTranscriptOptions } from './write-transcript.js';
export { writeTranscript } from './write-transcript.js';
export type { AtomicWriteFs, StagedFile } from './atomic-write.js';
export { ensureDir, removeStaleTemps, writeFileAtomic } from './atomic-write.js';
export type { Cue } from './subtitle-cues.js';
export { buildCues } from './subtitle-cues.js';
export type { TimestampStyle } from './time-format.js';
export { formatTimestamp, formatClock, SRT_TIMESTAMP, VTT_TIMESTAMP } from './time-format.js';
export { escapeMarkdownText } from './markdown-escape.js';
