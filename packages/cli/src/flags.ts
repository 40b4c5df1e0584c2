/**
 * The `whisperx` flags: WhisperX's names and defaults (whisperx/__main__.py), so existing
 * scripts carry over, plus this project's own (--backend, --progress, --from_json).
 * This module is imported on every start, including `--help`: it must stay free of heavy
 * imports (no core, no onnxruntime).
 */
import { Command, InvalidArgumentError, Option } from 'commander';

export const OUTPUT_FORMAT_CHOICES = ['all', 'srt', 'vtt', 'txt', 'tsv', 'json', 'aud', 'md'] as const;
export type OutputFormatChoice = (typeof OUTPUT_FORMAT_CHOICES)[number];

/** Parsed flags, named as on the command line (WhisperX's snake_case). */
export interface CliFlags {
  model: string;
  model_dir?: string;
  model_cache_only: boolean;
  device: string;
  device_index: number;
  batch_size: number;
  compute_type: string;
  threads: number;
  output_dir: string;
  output_format: OutputFormatChoice;
  verbose: boolean;
  task: 'transcribe' | 'translate';
  language?: string;
  align_model?: string;
  interpolate_method: 'nearest' | 'linear' | 'ignore';
  no_align: boolean;
  return_char_alignments: boolean;
  vad_method: 'silero' | 'pyannote' | 'none';
  vad_onset: number;
  vad_offset: number;
  chunk_size: number;
  diarize: boolean;
  min_speakers?: number;
  max_speakers?: number;
  diarize_model: string;
  speaker_embedding_model?: string;
  speaker_embeddings: boolean;
  temperature: number;
  temperature_increment_on_fallback?: number | null;
  best_of: number | null;
  beam_size: number | null;
  patience: number;
  length_penalty: number;
  suppress_tokens: string;
  suppress_numerals: boolean;
  initial_prompt?: string;
  hotwords?: string;
  condition_on_previous_text: boolean;
  compression_ratio_threshold: number | null;
  logprob_threshold: number | null;
  no_speech_threshold: number | null;
  max_line_width?: number | null;
  max_line_count?: number | null;
  highlight_words: boolean;
  md_word_timestamps: boolean;
  segment_resolution: 'sentence' | 'chunk';
  hf_token?: string;
  max_new_tokens?: number;
  seed?: number;
  print_progress: boolean;
  backend: 'auto' | 'onnx' | 'mlx';
  progress?: 'bar' | 'lines' | 'jsonl' | 'none';
  from_json: boolean;
  /** WhisperX's --fp16: float16 where the device computes it (CUDA), float32 on the CPU. */
  fp16: boolean;
  /** WhisperX's --log-level (commander names it logLevel). */
  logLevel?: LogLevel;
  /** A list file (one path per line) or a folder of media to transcribe. */
  batch?: string;
  /** With --batch FOLDER: include subfolders. */
  recursive: boolean;
  /** Skip inputs whose outputs and record are up to date. */
  resume: boolean;
}

export const LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function int(name: string, min = -Infinity) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} expects an integer, got "${value}".`);
    const n = Number.parseInt(value, 10);
    if (n < min) throw new InvalidArgumentError(`${name} must be at least ${min}, got ${n}.`);
    return n;
  };
}

function float(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`${name} expects a number, got "${value}".`);
    return n;
  };
}

/** Flags that take WhisperX's optional_int / optional_float: the word None means "not set". */
const OPTIONAL_FLAGS = [
  'temperature_increment_on_fallback',
  'compression_ratio_threshold',
  'logprob_threshold',
  'no_speech_threshold',
  'beam_size',
  'best_of',
  'max_line_width',
  'max_line_count',
] as const;

/**
 * Parse a flag that may be None. Commander stores a parser's null as '' (which no parser here
 * returns otherwise); readFlags turns it back into null.
 */
function orNone<T>(parse: (value: string) => T) {
  return (value: string): T | null => (value.trim() === 'None' ? null : parse(value));
}

/** The parsed flags, with None given to an optional flag as null. */
export function readFlags(program: Command): CliFlags {
  const flags = program.opts<CliFlags>();
  const record = flags as unknown as Record<string, unknown>;
  for (const name of OPTIONAL_FLAGS) if (record[name] === '') record[name] = null;
  return flags;
}

/** WhisperX's str2bool: `--flag True|False`; a bare `--flag` means true. */
function bool(name: string) {
  return (value: string | undefined): boolean => {
    if (value === undefined) return true;
    const v = value.toLowerCase();
    if (['true', '1', 'yes', 'y', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'n', 'off'].includes(v)) return false;
    throw new InvalidArgumentError(`${name} expects True or False, got "${value}".`);
  };
}

function boolOption(flag: string, description: string, defaultValue: boolean): Option {
  return new Option(`--${flag} [bool]`, description).argParser(bool(`--${flag}`)).default(defaultValue);
}

/** Build the commander program (no action attached). */
export function buildProgram(version: string): Command {
  const p = new Command('whisperx');
  p.description(
    'Transcribe audio and video with word-level timestamps and speaker labels (WhisperX in TypeScript).\n' +
      'Models come from the Hugging Face hub cache (HF_HOME, ~/.cache/huggingface/hub); --model also takes a local folder.',
  )
    .version(version, '--version')
    .argument('[audio...]', 'media files to transcribe (or transcript JSON files with --from_json)')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(run whisperx --help for all flags)')
    .addHelpText(
      'after',
      '\nMany machines: whisperx enqueue FILES... --queue redis://HOST:PORT [flags], ' +
        'whisperx worker --queue URL, whisperx queue status|retry-failed|drain --queue URL (each has --help).',
    )
    .allowExcessArguments(false);

  // Model and hardware
  p.option(
    '--model <name>',
    'Whisper model: tiny|base|small|medium|large-v2|large-v3|large-v3-turbo[.en], a hub repo id or a local folder',
    'small',
  )
    .option('--model_dir <dir>', 'Hugging Face cache folder to use instead of the default')
    .addOption(boolOption('model_cache_only', 'use only models already in the cache (no download)', false))
    .addOption(new Option('--device <device>', 'cpu, cuda, coreml or auto').default('cpu'))
    .option('--device_index <n>', 'GPU index', int('--device_index', 0), 0)
    .option('--batch_size <n>', 'windows decoded together', int('--batch_size', 1), 8)
    .addOption(
      new Option('--compute_type <type>', 'model precision / file variant')
        .choices(['default', 'float32', 'float16', 'int8', 'int4', 'q4', 'uint8', 'bnb4'])
        .default('default'),
    )
    .option('--threads <n>', 'CPU threads (0 = all cores)', int('--threads', 0), 0)
    .addOption(new Option('--backend <backend>', 'model executor').choices(['auto', 'onnx', 'mlx']).default('auto'))
    .addOption(boolOption('fp16', 'float16 where the device computes it (CUDA); float32 on the CPU', true))
    .addOption(new Option('--log-level <level>', 'log level (debug = --verbose)').choices([...LOG_LEVELS]))
    .option('-P, --python-version', 'print the runtime and package versions and exit');

  // Many files
  p.option('--batch <list>', 'a file listing one media path per line, or a folder of media')
    .option('--recursive', 'with --batch FOLDER: include subfolders', false)
    .option('--resume', 'skip files whose outputs and record beside them are up to date', false);

  // Outputs
  p.option('-o, --output_dir <dir>', 'folder for the output files', '.')
    .addOption(
      new Option('-f, --output_format <format>', 'output format').choices([...OUTPUT_FORMAT_CHOICES]).default('all'),
    )
    .addOption(boolOption('verbose', 'print segments as they are decoded, and stack traces on errors', false))
    .option('--max_line_width <n>', 'max characters per subtitle line', orNone(int('--max_line_width', 1)))
    .option(
      '--max_line_count <n>',
      'max lines per subtitle cue (needs --max_line_width)',
      orNone(int('--max_line_count', 1)),
    )
    .addOption(boolOption('highlight_words', 'underline each word as it is spoken in srt/vtt', false))
    .addOption(boolOption('md_word_timestamps', 'add word times to the Markdown transcript', false))
    .addOption(
      new Option('--segment_resolution <res>', 'segments as sentences or as ASR chunks')
        .choices(['sentence', 'chunk'])
        .default('sentence'),
    )
    .addOption(boolOption('print_progress', 'print progress lines', false))
    .addOption(
      new Option('--progress <mode>', 'progress display on stderr (jsonl is for editors)').choices([
        'bar',
        'lines',
        'jsonl',
        'none',
      ]),
    )
    .addOption(
      boolOption('from_json', 'inputs are WhisperX JSON transcripts: only write the requested formats', false),
    );

  // Task and language
  p.addOption(
    new Option('--task <task>', 'transcribe, or translate to English')
      .choices(['transcribe', 'translate'])
      .default('transcribe'),
  ).option('--language <code>', 'language spoken (e.g. en); detected when absent');

  // Alignment
  p.option(
    '--align_model <name>',
    'wav2vec2 CTC model: hub repo id or local folder (ONNX export or model.safetensors), or mms (multilingual, CC-BY-NC 4.0)',
  )
    .addOption(
      new Option('--interpolate_method <method>', 'time words that alignment missed')
        .choices(['nearest', 'linear', 'ignore'])
        .default('nearest'),
    )
    .option('--no_align', 'skip word alignment', false)
    .option('--return_char_alignments', 'keep character timings in the JSON', false);

  // VAD
  p.addOption(
    new Option('--vad_method <method>', 'voice activity detection')
      .choices(['silero', 'pyannote', 'none'])
      .default('silero'),
  )
    .option('--vad_onset <p>', 'speech onset threshold', float('--vad_onset'), 0.5)
    .option('--vad_offset <p>', 'speech offset threshold', float('--vad_offset'), 0.363)
    .option('--chunk_size <s>', 'max seconds of speech per window', int('--chunk_size', 1), 30);

  // Diarization
  p.option('--diarize', 'label speakers', false)
    .option('--min_speakers <n>', 'at least this many speakers', int('--min_speakers', 1))
    .option('--max_speakers <n>', 'at most this many speakers', int('--max_speakers', 1))
    .option(
      '--diarize_model <name>',
      'diarization pipeline: pyannote/speaker-diarization-community-1 (VBx), pyannote/speaker-diarization-3.1, or a folder with config.yaml',
      'pyannote/speaker-diarization-community-1',
    )
    .option(
      '--speaker_embedding_model <name>',
      'speaker-embedding ONNX model: hub repo id, folder or .onnx file (default: WeSpeaker ResNet34-LM)',
    )
    .option('--speaker_embeddings', 'write per-speaker embeddings into the JSON', false);

  // Decoding
  p.option('--temperature <t>', 'sampling temperature (0 = greedy / beam search)', float('--temperature'), 0)
    .option(
      '--temperature_increment_on_fallback <t>',
      'temperature step when a window fails the thresholds',
      orNone(float('--temperature_increment_on_fallback')),
      0.2,
    )
    .option('--best_of <n>', 'candidates when sampling', orNone(int('--best_of', 1)), 5)
    .option('--beam_size <n>', 'beams when temperature is 0', orNone(int('--beam_size', 1)), 5)
    .option('--patience <p>', 'beam search patience', float('--patience'), 1.0)
    .option('--length_penalty <p>', 'beam search length penalty', float('--length_penalty'), 1.0)
    .option('--suppress_tokens <ids>', "comma-separated token ids to suppress (-1 = the model's list)", '-1')
    .option('--suppress_numerals', 'suppress digits and symbols (words spelled out)', false)
    .option('--initial_prompt <text>', 'text to prime the first window')
    .option('--hotwords <text>', 'words to favour (prompted)')
    .addOption(boolOption('condition_on_previous_text', 'prompt each window with the previous text', false))
    .option(
      '--compression_ratio_threshold <r>',
      'fall back when gzip ratio exceeds this',
      orNone(float('--compression_ratio_threshold')),
      2.4,
    )
    .option(
      '--logprob_threshold <p>',
      'fall back when average log-prob is below this',
      orNone(float('--logprob_threshold')),
      -1.0,
    )
    .option(
      '--no_speech_threshold <p>',
      'treat a window as silent above this no-speech probability',
      orNone(float('--no_speech_threshold')),
      0.6,
    )
    .option(
      '--max_new_tokens <n>',
      "max tokens decoded per window (faster-whisper's max_new_tokens)",
      int('--max_new_tokens', 1),
    )
    .option(
      '--seed <n>',
      "seed of the temperature fallback's sampling: the same seed, the same transcript (default: unseeded, as WhisperX)",
      int('--seed', 0),
    )
    .option('--hf_token <token>', 'Hugging Face token for gated models (or HF_TOKEN)');

  return p;
}
