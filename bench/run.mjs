/**
 * `pnpm bench [-- --quick] [-- --reps N] [-- --suite all|asr|diarize|peers|full] [-- --out FILE]`: whisperx-ts
 * next to its peers on the same files.
 * Set-up on first run (models, audio, core build; see lib/setup.mjs), then every case in its own
 * child process (so peak RSS is per case), systems alternating within each repetition.
 * Each case prints one JSON line; all lines go to bench/results/latest.jsonl, a table to stdout,
 * and bench/chart.mjs renders bench/results/chart.svg from them.
 *   all (default): matmul ceiling; tiny + base x {ours, transformers.js, bare onnxruntime} on 10 min x 2 reps;
 *          bare int8 tiny + base; the peers suite (ours fp32 + int8 next to the Python peers) tiny + base;
 *          ours tiny on 2 h (peak RSS); log-mel 1 h, align 1 h, clustering 1 h.
 *          diarization of 10 min (real-size random segmentation-3.0 + ResNet34).
 *   quick: matmul; tiny x 3 systems on 10 min x 1 rep; log-mel 1 h.
 * --suite asr (implied by any of --backends / --batch / --word-timestamps / --minutes): our pipeline
 *   only, the matrix --models tiny[,base] x --backends onnx[,mlx] x --batch 8[,1,16...] x
 *   --word-timestamps off|on|both (on = forced alignment with the kit's wav2vec2-mini) on a
 *   --minutes N (default 10) speech file, --reps 1. An unavailable MLX prints "skipped: <reason>".
 * --suite diarize: diarization of 10 min (and of 2 h with --full).
 * --suite peers: whisperx-ts next to the Python peers (lib/peers.mjs: faster-whisper batched, WhisperX
 *   with pyannote and with silero VAD, mlx-whisper, whisper.cpp) and transformers.js, fp32 and int8,
 *   --models tiny,base[,base-real] (default; small too; base-real = the real base weights of the eval
 *   set-up when they exist) on the 10 min file (--minutes N), systems alternating, --reps 1; also
 *   part of the full run. A peer that is not installed is reported as such (`--install-peers` makes
 *   its venv). mlx-whisper runs for --mlx-models (default tiny; slow on a Linux CPU).
 *   The peers suite ends with the full pipeline race (below) unless --no-full-pipeline.
 * --suite full: the full pipeline (VAD + ASR + alignment + diarization) of whisperx-ts against WhisperX's
 *   (default pyannote VAD, align, community-1-style diarization, assign_word_speakers), one cold run
 *   each, fp32, on --full-model (default base-real when its weights exist, else base) with real-size
 *   random wav2vec2-base / segmentation-3.0 / ResNet34 (bench/generate-full-models.py); WhisperX on 10
 *   minutes takes ~20 minutes here (pyannote's PyTorch embeddings).
 * --out FILE: also write every record as one JSON array to FILE. Lines go to
 *   bench/results/latest.jsonl (all), quick.jsonl (--quick) or <suite>.jsonl.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { args, KIT, REPO } from './lib/common.mjs';
import { audioPath, ensureAudio, ensureBuild, ensureDiarizeModels, ensureModels } from './lib/setup.mjs';
import {
  ensureFullModels,
  ensurePeerModels,
  fullCases,
  hfDir,
  installPeers,
  peerCases,
  peersPython,
  realBaseAvailable,
} from './lib/peers.mjs';
import { printAsrMatrix, printDiarize, printFull, printPeers } from './lib/tables.mjs';

const a = args();
const quick = Boolean(a.quick);
const matrixFlags = ['backends', 'batch', 'word-timestamps', 'minutes'].some((k) => k in a);
const suite = a.suite ?? (matrixFlags ? 'asr' : 'all');
if (!['all', 'asr', 'diarize', 'peers', 'full'].includes(suite))
  throw new Error(`--suite ${suite}: expected all, asr, diarize, peers or full`);
const reps = Number(a.reps ?? (quick || suite !== 'all' ? 1 : 2));
const sizes = quick ? ['tiny'] : ['tiny', 'base'];

const results = [];
const dir = join(REPO, 'bench/results');
mkdirSync(dir, { recursive: true });
const resultsFile = join(dir, suite !== 'all' ? `${suite}.jsonl` : quick ? 'quick.jsonl' : 'latest.jsonl');
const outFile = typeof a.out === 'string' ? resolve(a.out) : undefined;
/** Rewrite the results file(s) after every case (atomically), so a cut-short run keeps what it measured. */
function save() {
  const tmp = join(dir, `.results-${process.pid}.jsonl`);
  writeFileSync(tmp, results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  renameSync(tmp, resultsFile);
  if (outFile) {
    const tmpOut = join(dirname(outFile), `.bench-${process.pid}.json`);
    writeFileSync(tmpOut, JSON.stringify(results, null, 1) + '\n');
    renameSync(tmpOut, outFile);
  }
}
function runCase(label, argv, cwd = REPO, command = process.execPath) {
  process.stderr.write(`[bench] ${label} ... `);
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const out = (r.stdout ?? '').trim();
  const line =
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .at(-1) ?? (r.status === 0 ? JSON.stringify({ output: out.split('\n').slice(-6).join(' | ') }) : null);
  if (r.status !== 0 || !line) {
    process.stderr.write(`failed (exit ${r.status})\n${(r.stderr ?? '').slice(-2000)}\n`);
    return null;
  }
  const record = { case: label, ...JSON.parse(line) };
  results.push(record);
  save();
  if (record.skipped) {
    process.stderr.write(`skipped: ${record.skipped}\n`);
    return record;
  }
  process.stdout.write(`${JSON.stringify(record)}\n`);
  process.stderr.write(`${record.seconds?.toFixed?.(1) ?? '?'} s\n`);
  return record;
}

const list = (v, fallback) => (typeof v === 'string' ? v.split(',').filter(Boolean) : fallback);
/** Audio of the peers suite: the 10 min file, or --minutes N (a shorter smoke run). */
const peersAudio = a.minutes && Number(a.minutes) !== 10 ? `${Number(a.minutes)}min` : '10min';
/** A case that could not run, recorded so that the table shows it (never skipped silently). */
function skip(label, system, reason) {
  process.stderr.write(`[bench] ${label} ... ${reason}\n`);
  results.push({ case: label, system, skipped: reason });
  save();
}
/**
 * The peer comparison on the 10 min file: per model, fp32 then int8, each system once per repetition
 * in this order (ours first, then the peers, alternating within the repetition).
 */
function runPeers(models, repetitions) {
  if (a['install-peers']) installPeers();
  const py = peersPython();
  if (py) ensurePeerModels(models, py);
  const file = audioPath(peersAudio);
  for (let rep = 0; rep < repetitions; rep++) {
    for (const size of models) {
      for (const ct of ['fp32', 'int8']) {
        const tag = ct === 'int8' ? ' int8' : '';
        const ours = ['bench/cases/ours.mjs', '--model', size, '--model_dir', hfDir(size), '--audio', file, '--warmup'];
        runCase(`${size} ours${tag}`, ct === 'int8' ? [...ours, '--compute_type', 'int8'] : ours);
        for (const c of peerCases(size, ct, file, { mlxModels: list(a['mlx-models'], ['tiny']) })) {
          if (c.skipped) skip(c.label, c.system, c.skipped);
          else if (!py) skip(c.label, c.argv[1], 'not installed (no peers venv: pnpm bench -- --install-peers)');
          else runCase(c.label, [join(REPO, 'bench/cases/peer.py'), ...c.argv], REPO, py);
        }
        if (ct === 'fp32')
          runCase(`${size} transformers.js`, [
            'bench/cases/transformers-js.mjs',
            '--model',
            size,
            '--model_dir',
            hfDir(size),
            '--audio',
            file,
            '--warmup',
          ]);
      }
    }
  }
}
/**
 * The full pipeline against WhisperX's on `size` (base-real when the real weights exist, else the
 * random base): one cold run each, ours first. Needs the peers' venv (it also makes the models).
 */
function runFull(size) {
  const py = peersPython();
  if (!py) {
    for (const c of fullCases(size, audioPath(peersAudio), { align: '', diarize: '' }))
      skip(c.label, c.label, 'not run: no peers venv, which makes its models (pnpm bench -- --install-peers)');
    return;
  }
  ensurePeerModels([size], py);
  for (const c of fullCases(size, audioPath(peersAudio), ensureFullModels(py, audioPath('10min'))))
    runCase(c.label, c.argv, REPO, c.command === 'node' ? process.execPath : py);
}
const fullModel = () =>
  typeof a['full-model'] === 'string' ? a['full-model'] : realBaseAvailable() ? 'base-real' : 'base';

ensureBuild();
if (suite === 'full') {
  if (fullModel() !== 'base-real') ensureModels([fullModel()], false, true);
  await ensureAudio([...new Set([peersAudio, '10min'])]);
  runFull(fullModel());
  printFull(results);
  process.exit(0);
}
if (suite === 'asr') {
  const models = quick ? ['tiny'] : list(a.models, ['tiny']);
  const backends = list(a.backends, ['onnx']);
  const batches = list(a.batch, ['8']).map(Number);
  const wt = a['word-timestamps'] ?? 'off';
  const timings = wt === 'both' ? [false, true] : [wt === 'on' || wt === true];
  const minutes = Number(a.minutes ?? 10);
  const alignDir = join(KIT, 'wav2vec2-mini');
  if (timings.includes(true) && !existsSync(join(alignDir, 'onnx/model.onnx'))) {
    throw new Error(`--word-timestamps: no alignment model at ${alignDir} (the conformance kit's wav2vec2-mini)`);
  }
  ensureModels(models, false, backends.includes('mlx'));
  const name = minutes === 10 ? '10min' : `${minutes}min`;
  await ensureAudio([name]);
  for (let rep = 0; rep < reps; rep++) {
    for (const size of models) {
      for (const batch of batches) {
        for (const words of timings) {
          for (const backend of backends) {
            const label = `${size} ${backend} batch ${batch}${words ? ' words' : ''}`;
            const argv = ['bench/cases/ours.mjs', '--model', size, '--audio', audioPath(name)];
            argv.push('--backend', backend, '--batch', String(batch), ...(words ? ['--align', alignDir] : []));
            runCase(label, argv);
          }
        }
      }
    }
  }
  printAsrMatrix(results);
  process.exit(0);
}
if (suite === 'peers') {
  const defaults = quick ? ['tiny'] : ['tiny', 'base', ...(realBaseAvailable() ? ['base-real'] : [])];
  const models = list(a.models, defaults);
  ensureModels(
    models.filter((m) => m !== 'base-real'),
    true,
    true,
  );
  await ensureAudio([peersAudio]);
  runCase('matmul', ['bench/cases/matmul.mjs']);
  runPeers(models, reps);
  if (!a['no-full-pipeline']) runFull(fullModel());
  printPeers(results);
  printFull(results);
  spawnSync(process.execPath, ['bench/chart.mjs', resultsFile, join(dir, 'peers.svg')], {
    cwd: REPO,
    stdio: 'inherit',
  });
  process.exit(0);
}
if (suite === 'diarize') {
  const models = await ensureDiarizeModels();
  const files = a.full ? ['10min', '2h'] : ['10min'];
  await ensureAudio(files);
  for (const f of files)
    runCase(`diarize ${f}`, ['bench/cases/diarize.mjs', '--models', models, '--audio', audioPath(f)]);
  printDiarize(results);
  process.exit(0);
}

ensureModels(sizes, !quick, !quick);
await ensureAudio(quick ? ['10min'] : ['10min', '2h']);

const tsx = ['--import', 'tsx'];
const core = join(REPO, 'packages/core');
runCase('matmul', ['bench/cases/matmul.mjs']);
const file10 = audioPath('10min');
for (let rep = 0; rep < reps; rep++) {
  for (const size of sizes) {
    runCase(`${size} ours`, ['bench/cases/ours.mjs', '--model', size, '--audio', file10]);
    runCase(`${size} transformers.js`, ['bench/cases/transformers-js.mjs', '--model', size, '--audio', file10]);
    runCase(`${size} bare`, ['bench/cases/raw-ort.mjs', '--model', size, '--audio', file10]);
  }
}
runCase('log-mel 1h', ['bench/cases/log-mel.mjs']);
if (!quick) {
  runCase('align 1h', [...tsx, 'scripts/bench-align.ts'], core);
  runCase('cluster 1h', [...tsx, 'scripts/diarize/bench-cluster.ts'], core);
  for (const size of sizes) {
    runCase(`${size} bare int8`, [
      'bench/cases/raw-ort.mjs',
      '--model',
      size,
      '--compute_type',
      'int8',
      '--audio',
      file10,
    ]);
  }
  runPeers(sizes, 1);
  if (!a['no-full-pipeline']) runFull(fullModel());
  // peak RSS of the whole pipeline on 2 hours, in its own process
  runCase('tiny ours 2h', ['bench/cases/ours.mjs', '--model', 'tiny', '--audio', audioPath('2h')]);
  const models = await ensureDiarizeModels();
  runCase('diarize 10min', ['bench/cases/diarize.mjs', '--models', models, '--audio', file10]);
}

printTable(results.filter((r) => !r.system?.endsWith('diarization')));
printPeers(results);
printFull(results);
printDiarize(results);
spawnSync(process.execPath, ['bench/chart.mjs', resultsFile], { cwd: REPO, stdio: 'inherit' });

function printTable(rows) {
  const pct = (x) => (x === null || x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);
  const num = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : '-');
  const lines = [
    [
      'case',
      'x realtime',
      'tokens/s',
      'vad',
      'log-mel',
      'encoder',
      'decoder',
      'other',
      'outside sessions',
      'peak RSS MB',
    ],
  ];
  for (const r of rows.filter((x) => x.xRealtime !== undefined)) {
    const s = r.stages ?? {};
    const share = (v) => (typeof v === 'number' ? pct(v / r.seconds) : '-');
    lines.push([
      r.case,
      num(r.xRealtime),
      num(r.tokensPerSecond),
      share(s.vad),
      share(s.logMel),
      share(s.encoder),
      share(s.decoder),
      share(s.other),
      pct(r.outsideSessionsShare),
      String(r.peakRssMb),
    ]);
  }
  const w = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const l of lines) console.log(l.map((c, i) => c.padEnd(w[i])).join('  '));
  for (const r of rows.filter((x) => x.xRealtime === undefined)) console.log(`${r.case}: ${JSON.stringify(r)}`);
}
