/**
 * The recorded behaviour of the real `whisperx` CLI on hostile and broken inputs: one row per
 * case, run by cli-cases.test.ts (and long-silence.test.ts for the 1 h file). cases.md is the
 * same table for people; a test keeps the two in step.
 *
 * Every case runs `whisperx <args> --model <kit whisper-mini> --no_align --max_new_tokens 8
 * --threads 1 -o <out>` unless `args` already holds `-o` / `--model`. `out` is a fresh folder.
 */
import { pcmWav } from '../helpers/wav.js';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readKitWav, REPO_ROOT } from '../helpers/kit.js';

export const MEDIA = path.join(REPO_ROOT, 'test/fixtures/media');
export const media = (name: string): string => path.join(MEDIA, name);

/** The six files `--output_format all` writes for base name `base`. */
export const allOutputs = (base: string): string[] =>
  ['json', 'md', 'srt', 'tsv', 'txt', 'vtt'].map((ext) => `${base}.${ext}`).sort();

export interface CaseContext {
  /** A fresh scratch folder for inputs the case creates. */
  tmp: string;
  /** The output folder passed with -o (not created beforehand). */
  out: string;
}

export interface Expected {
  /** Process exit code. */
  code: number;
  /** What stderr must match (one line for every failure). */
  stderr: RegExp;
  /** Files in the output folder afterwards, sorted; [] = none (the folder may exist, empty). */
  outputs: string[];
  /** For successes: how many segments the JSON holds ('any' when the random model decides). */
  segments?: 'none' | 'any';
}

export interface CliCase {
  id: string;
  /** What is fed to the CLI, as the table shows it. */
  input: string;
  /** Arguments (files and flags); may create inputs under ctx.tmp. */
  args(ctx: CaseContext): string[];
  expected: Expected;
  /** Extra environment variables for the run. */
  env?: Record<string, string>;
  /** The exact behaviour, in words (the table's last column). */
  behaviour: string;
}

const copy = (ctx: CaseContext, name: string, from = 'speech-16k-s16.wav'): string => {
  const file = path.join(ctx.tmp, name);
  copyFileSync(media(from), file);
  return file;
};

const ok = (base: string, segments: 'none' | 'any' = 'any'): Expected => ({
  code: 0,
  stderr: /^$/,
  outputs: allOutputs(base),
  segments,
});
const fail = (code: number, stderr: RegExp): Expected => ({ code, stderr, outputs: [] });

export const CLI_CASES: CliCase[] = [
  {
    id: 'missing-file',
    input: 'a path that does not exist',
    args: (c) => [path.join(c.tmp, 'nope.mp3')],
    expected: fail(1, /^whisperx: error: Cannot read ".*nope\.mp3": no such file\. Check the path\.$/),
    behaviour: 'fails before any model loads; output folder not created',
  },
  {
    id: 'directory',
    input: 'a folder',
    args: () => [MEDIA],
    expected: fail(1, /Cannot read ".*media": it is a directory, not a media file/),
    behaviour: 'fails before any model loads',
  },
  {
    id: 'empty-file',
    input: '0-byte .wav',
    args: () => [media('empty.wav')],
    expected: fail(1, /Cannot decode ".*empty\.wav": the file is empty \(0 bytes\)/),
    behaviour: 'fails before any model loads',
  },
  {
    id: 'text-as-mp3',
    input: 'a text file renamed .mp3',
    args: () => [media('not-media.mp3')],
    expected: fail(1, /Cannot decode ".*not-media\.mp3": not an audio or video file \(it looks like text\)/),
    behaviour: 'ffmpeg refuses it; the first bytes are sniffed to say "text"',
  },
  {
    id: 'playlist-as-mp3',
    input: 'HLS playlist renamed .mp3 that names another local file',
    args: (c) => {
      const file = path.join(c.tmp, 'playlist.mp3');
      writeFileSync(
        file,
        `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:${media('speech.mp3')}\n#EXT-X-ENDLIST\n`,
      );
      return [file];
    },
    expected: fail(1, /Cannot decode ".*playlist\.mp3": not an audio or video file \(it looks like text\)/),
    behaviour:
      'refused before ffmpeg sees it (ffmpeg would decode the file the playlist names); ffmpeg also runs with -protocol_whitelist file',
  },
  {
    id: 'truncated-mp3',
    input: 'mp3 cut in half',
    args: () => [media('truncated.mp3')],
    expected: ok('truncated'),
    behaviour: 'MP3 frames are self-contained: the intact first half is transcribed (exit 0), as WhisperX/ffmpeg do',
  },
  {
    id: 'truncated-m4a',
    input: 'm4a without its index (moov)',
    args: () => [media('truncated.m4a')],
    expected: fail(1, /Cannot decode ".*truncated\.m4a": the file is corrupt or truncated \(moov atom not found\)/),
    behaviour: 'nothing decodable without the index: one line naming the cause',
  },
  {
    id: 'corrupt-wav-header',
    input: 'WAV whose fmt chunk is garbage',
    args: () => [media('corrupt-header.wav')],
    expected: fail(1, /Cannot decode ".*corrupt-header\.wav": the file is corrupt or truncated \(.+\)\. Re-export/),
    behaviour: 'the WAV reader rejects the header (no ffmpeg guesswork)',
  },
  {
    id: 'video-no-audio',
    input: 'mp4 with only a video stream',
    args: () => [media('video-no-audio.mp4')],
    expected: fail(1, /Cannot decode ".*video-no-audio\.mp4": it has no audio stream \(video only\)/),
    behaviour: 'fails in decode, after the model loaded',
  },
  {
    id: 'second-of-two-broken',
    input: 'two files, the second has no audio stream',
    args: () => [media('speech-16k-s16.wav'), media('video-no-audio.mp4')],
    expected: {
      code: 1,
      stderr: /^whisperx: error: Cannot decode ".*video-no-audio\.mp4": it has no audio stream/,
      outputs: allOutputs('speech-16k-s16'),
    },
    behaviour: 'exit 1 naming the broken file; the first file, finished before, keeps its complete outputs',
  },
  {
    id: 'broken-ffmpeg',
    input: 'FFMPEG_PATH=/bin/false (an ffmpeg that fails silently), mp3 input',
    args: () => [media('speech.mp3')],
    env: { FFMPEG_PATH: '/bin/false' },
    expected: fail(
      1,
      /^whisperx: error: ffmpeg "\/bin\/false" exited with code 1 without a message while decoding ".*speech\.mp3": the problem is ffmpeg, not the file\./,
    ),
    behaviour: 'blames ffmpeg, not the media (was "the file is corrupt or truncated")',
  },
  {
    id: 'tenth-second-tone',
    input: '0.1 s of a 440 Hz tone (1600 samples), default VAD',
    args: (c) => {
      writeFileSync(path.join(c.tmp, 'tone.wav'), pcmWav(1600));
      return [path.join(c.tmp, 'tone.wav')];
    },
    expected: ok('tone', 'none'),
    behaviour: 'no speech found: an empty transcript (srt/txt/tsv empty, json `segments: []`), exit 0',
  },
  {
    id: 'tenth-second-speech',
    input: '0.1 s of speech, --vad_method none',
    args: (c) => {
      const speech = readKitWav(media('speech-16k-s16.wav')).subarray(8000, 9600);
      writeFileSync(path.join(c.tmp, 'blip.wav'), pcmWav(1600, { from: speech }));
      return [path.join(c.tmp, 'blip.wav'), '--vad_method', 'none'];
    },
    expected: ok('blip'),
    behaviour: 'padded to one 30 s window and decoded; segment end clamped to 0.1 s; exit 0',
  },
  {
    id: 'rate-8k',
    input: '8 kHz WAV',
    args: () => [media('speech-8k.wav')],
    expected: ok('speech-8k'),
    behaviour: 'resampled to 16 kHz by ffmpeg; exit 0',
  },
  {
    id: 'rate-96k',
    input: '96 kHz FLAC',
    args: () => [media('speech-96k.flac')],
    expected: ok('speech-96k'),
    behaviour: 'resampled to 16 kHz; exit 0',
  },
  {
    id: 'eight-channels',
    input: '8-channel (7.1) FLAC',
    args: () => [media('eight-channel.flac')],
    expected: ok('eight-channel'),
    behaviour: 'downmixed to mono; exit 0',
  },
  {
    id: 'name-spaces',
    input: 'file name with spaces',
    args: (c) => [copy(c, 'my talk 01.wav')],
    expected: ok('my talk 01'),
    behaviour: 'outputs keep the name: "my talk 01.srt"',
  },
  {
    id: 'name-quotes',
    input: `file name with " and ' quotes`,
    args: (c) => [copy(c, `say "hi" it's.wav`)],
    expected: ok(`say "hi" it's`),
    behaviour: 'the name is data: outputs keep the quotes',
  },
  {
    id: 'name-command-substitution',
    input: 'file name `$(touch PWNED)`',
    args: (c) => [copy(c, '$(touch PWNED).wav')],
    expected: ok('$(touch PWNED)'),
    behaviour: 'no shell ever sees it: no PWNED file appears anywhere; outputs "$(touch PWNED).srt"',
  },
  {
    id: 'name-newline',
    input: 'file name with a newline',
    args: (c) => [copy(c, 'two\nlines.wav')],
    expected: ok('two\nlines'),
    behaviour: 'outputs keep the newline in their names; errors quote it as \\n (one line)',
  },
  {
    id: 'name-newline-missing',
    input: 'missing file whose name has a newline',
    args: (c) => [path.join(c.tmp, 'gone\nfile.wav')],
    expected: fail(1, /^whisperx: error: Cannot read ".*gone\\nfile\.wav": no such file/),
    behaviour: 'the error stays one line: the name is JSON-quoted',
  },
  {
    id: 'name-leading-dash',
    input: 'file "-rf.wav" passed bare',
    args: (c) => [copy(c, '-rf.wav')].map((f) => path.basename(f)),
    expected: fail(2, /^error: unknown option '-rf\.wav'$/m),
    behaviour: 'read as an option (exit 2), like every getopt tool: pass `-- -rf.wav` or `./-rf.wav`',
  },
  {
    id: 'name-leading-dash-after-double-dash',
    input: 'file "-rf.wav" after `--`',
    args: (c) => ['--', copy(c, '-rf.wav')],
    expected: ok('-rf'),
    behaviour: 'transcribed; outputs "-rf.srt" ...',
  },
  {
    id: 'name-non-latin',
    input: 'file names in Japanese, Greek, Arabic, emoji',
    args: (c) => [copy(c, '日本語の音声 Ωμέγα مرحبا 🎙.wav')],
    expected: ok('日本語の音声 Ωμέγα مرحبا 🎙'),
    behaviour: 'UTF-8 names round-trip into the output names',
  },
  {
    id: 'out-under-file',
    input: '-o <existing file>/sub',
    args: (c) => {
      writeFileSync(path.join(c.tmp, 'afile'), 'x');
      return [media('speech-16k-s16.wav'), '-o', path.join(c.tmp, 'afile', 'sub')];
    },
    expected: fail(
      1,
      /^whisperx: error: Cannot write to the output folder ".*afile\/sub": a part of that path is a file, not a folder \(ENOTDIR\)\. Choose another folder with -o\.$/,
    ),
    behaviour: 'checked before any model loads (1 s, not after the transcription)',
  },
  {
    id: 'out-in-proc',
    input: '-o /proc/whisperx-test',
    args: () => [media('speech-16k-s16.wav'), '-o', '/proc/whisperx-test'],
    expected: fail(
      1,
      /Cannot write to the output folder "\/proc\/whisperx-test": it cannot be created there \(ENOENT\)/,
    ),
    behaviour: "fails at once (node's recursive mkdir used to spin for ever here)",
  },
  {
    id: 'out-missing-created',
    input: '-o <new>/a/b (does not exist)',
    args: (c) => [media('speech-16k-s16.wav'), '-o', path.join(c.out, 'a', 'b')],
    expected: { code: 0, stderr: /^$/, outputs: ['a'] },
    behaviour: 'folders created with parents; outputs inside',
  },
  {
    id: 'unknown-model',
    input: '--model nosuchmodel',
    args: () => [media('speech-16k-s16.wav'), '--model', 'nosuchmodel'],
    expected: fail(
      2,
      /^whisperx: error: --model nosuchmodel: unknown Whisper model\. Use one of tiny, .*a local folder\.$/,
    ),
    behaviour: 'usage error (exit 2), no network use',
  },
  {
    id: 'unknown-language',
    input: '--language xx',
    args: () => [media('speech-16k-s16.wav'), '--language', 'xx'],
    expected: fail(2, /^whisperx: error: --language xx: this model has no such language\. Use one of: en, /),
    behaviour: 'usage error once the model (and its language list) is loaded',
  },
  {
    id: 'not-a-language',
    input: '--language "e1"',
    args: () => [media('speech-16k-s16.wav'), '--language', 'e1'],
    expected: fail(2, /^whisperx: error: --language "e1" is not a language code or name/),
    behaviour: 'usage error before anything runs',
  },
  {
    id: 'min-gt-max-speakers',
    input: '--diarize --min_speakers 3 --max_speakers 2',
    args: () => [media('speech-16k-s16.wav'), '--diarize', '--min_speakers', '3', '--max_speakers', '2'],
    expected: fail(2, /^whisperx: error: --min_speakers 3 is greater than --max_speakers 2: make min <= max\.$/),
    behaviour: 'usage error before anything runs',
  },
  {
    id: 'conflict-highlight-no-align',
    input: '--highlight_words True --no_align',
    args: () => [media('speech-16k-s16.wav'), '--highlight_words', 'True'],
    expected: fail(2, /^whisperx: error: --highlight_words needs word timings, which --no_align turns off/),
    behaviour: 'usage error before anything runs',
  },
  {
    id: 'conflict-from-json-diarize',
    input: '--from_json --diarize',
    args: () => [media('speech-16k-s16.wav'), '--from_json', '--diarize'],
    expected: fail(2, /^whisperx: error: --from_json only rewrites a transcript/),
    behaviour: 'usage error before anything runs',
  },
  {
    id: 'from-json-malformed',
    input: '--from_json with `{"segments":[{"text":123}]}`',
    args: (c) => {
      writeFileSync(path.join(c.tmp, 'bad.json'), '{"segments":[{"text":123,"start":0,"end":1}]}');
      return [path.join(c.tmp, 'bad.json'), '--from_json'];
    },
    expected: fail(
      1,
      /^whisperx: error: ".*bad\.json": segments\[0\]\.text is a number, expected a string: not a WhisperX JSON transcript\.$/,
    ),
    behaviour:
      'the shape is checked field by field before any writer runs (was a TypeError "text.replace is not a function")',
  },
  {
    id: 'from-json-not-json',
    input: '--from_json with a media file',
    args: () => [media('speech.flac'), '--from_json'],
    expected: fail(
      1,
      /^whisperx: error: .*speech\.flac: not valid JSON \(--from_json expects a WhisperX JSON transcript\)\.$/,
    ),
    behaviour: 'one line; nothing written',
  },
  {
    id: 'pickle-only-model',
    input: '--model <folder with pytorch_model.bin only>',
    args: (c) => {
      const dir = path.join(c.tmp, 'pt-model');
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'config.json'), '{"model_type":"whisper"}');
      writeFileSync(path.join(dir, 'pytorch_model.bin'), 'PK\u0003\u0004 not really a pickle');
      return [media('speech-16k-s16.wav'), '--model', dir];
    },
    expected: fail(
      1,
      /--model .*pt-model: holds only pickle checkpoints \(pytorch_model\.bin\), which are never loaded because they can run code/,
    ),
    behaviour: 'refused (pickles can run code); only ONNX / safetensors are loaded',
  },
];

/** The 1 h silence case (long-silence.test.ts): listed here so the table holds it too. */
export const LONG_SILENCE_CASE = {
  id: 'silence-1h',
  input: '1 h of digital silence, 16 kHz s16 WAV (115 MB)',
  expected: { code: 0, segments: 'none' as const, outputs: allOutputs('silence-1h') },
  behaviour:
    'empty transcript (no segments) in every format; Silero runs on all 112 500 chunks (~35 s on 2 busy cores)',
};

/** Disk full (disk-full.test.ts). */
export const DISK_FULL_CASE = {
  id: 'disk-full',
  input: '-o on a full 16 KiB tmpfs (root) / injected ENOSPC (everyone)',
  expected: { code: 1, stderr: /disk full \(ENOSPC\)/ },
  behaviour: 'one line "disk full (ENOSPC)"; previous outputs untouched; no temporary file left',
};
