/**
 * `pnpm bench [-- --quick] [-- --reps N]`: whisperx-ts next to its peers on the same files.
 * Set-up on first run (models, audio, core build; see lib/setup.mjs), then every case in its own
 * child process (so peak RSS is per case), systems alternating within each repetition.
 * Each case prints one JSON line; all lines go to bench/results/latest.jsonl, a table to stdout,
 * and bench/chart.mjs renders bench/results/chart.svg from them.
 *   full : matmul ceiling; tiny + base x {ours, transformers.js, bare onnxruntime} on 10 min x 2 reps;
 *          int8 (ours, bare) tiny + base; ours tiny on 2 h (peak RSS); log-mel 1 h, align 1 h, clustering 1 h.
 *   quick: matmul; tiny x 3 systems on 10 min x 1 rep; log-mel 1 h.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { args, REPO } from './lib/common.mjs';
import { audioPath, ensureAudio, ensureBuild, ensureModels } from './lib/setup.mjs';

const a = args();
const quick = Boolean(a.quick);
const reps = Number(a.reps ?? (quick ? 1 : 2));
const sizes = quick ? ['tiny'] : ['tiny', 'base'];

ensureBuild();
ensureModels(sizes, !quick);
await ensureAudio(quick ? ['10min'] : ['10min', '2h']);

const results = [];
const dir = join(REPO, 'bench/results');
mkdirSync(dir, { recursive: true });
const resultsFile = join(dir, quick ? 'quick.jsonl' : 'latest.jsonl');
/** Rewrite the results file after every case (atomically), so a cut-short run keeps what it measured. */
function save() {
  const tmp = join(dir, `.results-${process.pid}.jsonl`);
  writeFileSync(tmp, results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  renameSync(tmp, resultsFile);
}
function runCase(label, argv, cwd = REPO) {
  process.stderr.write(`[bench] ${label} ... `);
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
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
  process.stdout.write(`${JSON.stringify(record)}\n`);
  process.stderr.write(`${record.seconds?.toFixed?.(1) ?? '?'} s\n`);
  return record;
}

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
    runCase(`${size} ours int8`, [
      'bench/cases/ours.mjs',
      '--model',
      size,
      '--compute_type',
      'int8',
      '--audio',
      file10,
    ]);
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
  // peak RSS of the whole pipeline on 2 hours, in its own process
  runCase('tiny ours 2h', ['bench/cases/ours.mjs', '--model', 'tiny', '--audio', audioPath('2h')]);
}

printTable(results);
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
