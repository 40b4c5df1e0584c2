/**
 * Cross-flag checks that commander cannot express. Each problem is a usage error (exit 2)
 * with one line naming the flags and the fix.
 */
import type { CliFlags } from './flags.js';

export function flagProblems(flags: CliFlags): string[] {
  const problems: string[] = [];
  if (flags.min_speakers !== undefined && flags.max_speakers !== undefined && flags.min_speakers > flags.max_speakers) {
    problems.push(
      `--min_speakers ${flags.min_speakers} is greater than --max_speakers ${flags.max_speakers}: make min <= max.`,
    );
  }
  if ((flags.max_line_count ?? undefined) !== undefined && (flags.max_line_width ?? undefined) === undefined) {
    problems.push('--max_line_count needs --max_line_width (lines are counted after wrapping at that width).');
  }
  if (flags.highlight_words && flags.no_align) {
    problems.push('--highlight_words needs word timings, which --no_align turns off: drop one of them.');
  }
  if (flags.return_char_alignments && flags.no_align) {
    problems.push('--return_char_alignments needs alignment, which --no_align turns off: drop one of them.');
  }
  if (flags.speaker_embeddings && !flags.diarize) {
    problems.push('--speaker_embeddings needs --diarize.');
  }
  if ((flags.min_speakers !== undefined || flags.max_speakers !== undefined) && !flags.diarize) {
    problems.push('--min_speakers / --max_speakers need --diarize.');
  }
  if (flags.vad_offset > flags.vad_onset) {
    problems.push(
      `--vad_offset ${flags.vad_offset} is above --vad_onset ${flags.vad_onset}: the offset must not exceed the onset.`,
    );
  }
  for (const [name, v] of [
    ['--vad_onset', flags.vad_onset],
    ['--vad_offset', flags.vad_offset],
    ['--no_speech_threshold', flags.no_speech_threshold],
  ] as const) {
    if (v !== null && (v < 0 || v > 1)) problems.push(`${name} ${v} is outside 0..1.`);
  }
  if (flags.temperature < 0) problems.push(`--temperature ${flags.temperature} is negative.`);
  if (flags.patience <= 0) problems.push(`--patience ${flags.patience} must be positive.`);
  if (!/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/.test(flags.suppress_tokens)) {
    problems.push(
      `--suppress_tokens "${flags.suppress_tokens}": expected comma-separated token ids such as "-1" or "-1,220".`,
    );
  }
  if (flags.from_json && (flags.diarize || flags.align_model)) {
    problems.push(
      '--from_json only rewrites a transcript into other formats: it cannot be combined with --diarize or --align_model.',
    );
  }
  if (flags.language !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z]+)?$|^[A-Za-z ]{4,}$/.test(flags.language)) {
    problems.push(`--language "${flags.language}" is not a language code or name (examples: en, de, "english").`);
  }
  if (!flags.fp16 && flags.compute_type === 'float16') {
    problems.push('--fp16 False asks for float32 but --compute_type float16 asks for float16: drop one of them.');
  }
  if (flags.recursive && flags.batch === undefined) problems.push('--recursive needs --batch FOLDER.');
  if (flags.from_json && (flags.batch !== undefined || flags.resume)) {
    problems.push('--from_json rewrites transcripts and cannot be combined with --batch or --resume.');
  }
  return problems;
}
