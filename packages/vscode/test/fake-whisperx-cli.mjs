// A stand-in for the whisperx CLI worker in unit tests: speaks the same --progress jsonl
// protocol and exit codes. FAKE_CLI_MODE: ok (default) | hang | stubborn | error | crash | usage.
// FAKE_CLI_RECORD=<file>: write {argv, hfToken, offline, nodeOptions, electronRunAsNode} there.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const mode = process.env.FAKE_CLI_MODE ?? 'ok';
const emit = (o) => process.stderr.write(`${JSON.stringify(o)}\n`);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const files = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i].startsWith('--')) {
    if (!['--no_align', '--diarize'].includes(argv[i])) i++;
  } else files.push(argv[i]);
}
const outDir = flag('--output_dir');
const format = flag('--output_format');

if (process.env.FAKE_CLI_RECORD) {
  writeFileSync(
    process.env.FAKE_CLI_RECORD,
    JSON.stringify({
      argv,
      hfToken: process.env.HF_TOKEN ?? null,
      offline: process.env.HF_HUB_OFFLINE ?? null,
      nodeOptions: process.env.NODE_OPTIONS ?? null,
      electronRunAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null,
      pid: process.pid,
    }),
  );
}

if (mode === 'usage') {
  process.stderr.write('whisperx: error: --batch_size must be at least 1, got 0.\n');
  process.exit(2);
}
if (mode === 'crash') {
  process.stderr.write('Segmentation fault in libonnxruntime\n');
  process.exit(1);
}

if (mode === 'hang' || mode === 'stubborn') {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'partial.md.tmp'), '# partial');
  if (mode === 'hang') {
    process.on('SIGTERM', () => {
      process.stderr.write('\nwhisperx: SIGTERM, stopping (no partial output is written)...\n');
      process.exit(143);
    });
  } else {
    process.on('SIGTERM', () => undefined); // ignores SIGTERM: needs SIGKILL
  }
  emit({
    type: 'progress',
    stage: 'asr',
    progress: 0.3,
    stageProgress: 0.5,
    file: files[0],
    fileIndex: 0,
    fileCount: files.length,
  });
  setInterval(() => undefined, 1000);
} else {
  mkdirSync(outDir, { recursive: true });
  emit({ type: 'log', message: 'loading model' });
  process.stderr.write('a warning from a library\n');
  const stages = ['decode', 'vad', 'asr'];
  files.forEach((file, fileIndex) => {
    stages.forEach((stage, s) => {
      const progress = (fileIndex * stages.length + s + 1) / (files.length * stages.length);
      emit({
        type: 'progress',
        stage,
        progress,
        stageProgress: 1,
        etaSeconds: 3,
        file,
        fileIndex,
        fileCount: files.length,
      });
    });
    if (mode === 'error') return;
    const base = path.basename(file, path.extname(file));
    const formats = format === 'all' ? ['srt', 'vtt', 'txt', 'json', 'md'] : [format];
    const outputs = formats.map((f) => {
      const out = path.join(outDir, `${base}.${f}`);
      writeFileSync(out, `fake ${f} of ${path.basename(file)}\n`);
      return out;
    });
    emit({ type: 'segment', file, start: 0, end: 1, text: 'hello' });
    emit({ type: 'file-done', file, outputs, language: 'en', duration: 11 });
  });
  if (mode === 'error') {
    emit({
      type: 'error',
      message: 'Model "nope" is not in the cache and offline mode is on: turn off offline mode.',
      kind: 'model',
      exitCode: 1,
    });
    process.exit(1);
  }
  process.exit(0);
}
