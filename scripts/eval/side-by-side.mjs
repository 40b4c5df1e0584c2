#!/usr/bin/env node
/**
 * Word error rate side by side, one run: whisperx-ts (ONNX fp32 / int8, MLX when built), HF
 * transformers, faster-whisper (fp32 / int8) and WhisperX (CLI, Silero and its default VAD) on the
 * same real weights (`pnpm eval:models`) and the same 16 kHz audio (`pnpm eval:data`), each system in
 * its own process, systems alternating within each case. Every hypothesis list is scored by
 * `pnpm eval:wer --hyp` (one normaliser for all), and each system's transcripts are compared with HF
 * transformers' (identical-transcript rate). A system that cannot run is reported with the reason.
 *
 * usage: node scripts/eval/side-by-side.mjs [--out DIR] [--limit N] [--reuse] [--cases en,es,fr,long-en,beam-en,beam-es,beam-fr]
 *        [--systems ours-fp32,ours-int8,ours-novad,ours-mlx,hf,fw-fp32,fw-int8,whisperx-silero,whisperx-pyannote,transformers-js]
 * Writes DIR/results.jsonl (one line per system and case) and prints a Markdown table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spread } from './prompt-list.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const cache = process.env.WHISPERX_TS_EVAL_CACHE ?? path.join(os.homedir(), '.cache', 'whisperx-ts-eval');
const convPy = path.join(
  process.env.WHISPERX_TS_PY ?? path.join(os.homedir(), '.cache', 'whisperx-ts-py'),
  'bin',
  'python',
);
const peersBin = path.join(
  process.env.WHISPERX_TS_PEERS_PY ?? path.join(os.homedir(), '.cache', 'whisperx-ts-peers-py'),
  'bin',
);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const out = path.resolve(arg('--out', path.join(cache, 'side-by-side')));
const limit = Number(arg('--limit', '50'));
const cases = arg('--cases', 'en,es,fr,long-en,beam-en').split(',');
const systems = arg(
  '--systems',
  'ours-fp32,ours-int8,ours-novad,ours-mlx,hf,fw-fp32,fw-int8,whisperx-silero,whisperx-pyannote,transformers-js',
).split(',');
const model = path.join(cache, 'models', 'whisper-base');
const ct2 = `${model}-ct2`;
const evalWer = path.join(repo, 'packages', 'cli', 'dist', 'eval-wer-bin.js');
mkdirSync(out, { recursive: true });

function makeList(name, source, n) {
  const rows = readFileSync(path.join(cache, 'data', source), 'utf8')
    .split('\n')
    .filter(Boolean);
  const file = path.join(out, `${name}.tsv`);
  writeFileSync(file, `${spread(rows, n).join('\n')}\n`);
  return file;
}

const CASES = {
  en: { list: () => makeList('en', 'asterisk-en.tsv', limit), language: 'en', beam: 1 },
  es: { list: () => makeList('es', 'asterisk-es.tsv', limit), language: 'es', beam: 1 },
  fr: { list: () => makeList('fr', 'asterisk-fr.tsv', limit), language: 'fr', beam: 1 },
  'long-en': { list: () => path.join(cache, 'data', 'long-en.tsv'), language: 'en', beam: 1 },
  ...Object.fromEntries(
    ['en', 'es', 'fr'].map((l) => [
      `beam-${l}`,
      { list: () => makeList(l, `asterisk-${l}.tsv`, limit), language: l, beam: 5 },
    ]),
  ),
};

function timed(cmd, args, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  return { ...r, wall: (performance.now() - t0) / 1000 };
}

const rowsOf = (list) =>
  readFileSync(list, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]);

function writeHyp(file, entries) {
  writeFileSync(file, entries.map(([p, t]) => `${p}\t${t.replace(/\s+/g, ' ').trim()}\n`).join(''));
}

/** Each system: returns { hyp } or { skipped: reason }; wall time measured around its process. */
function runSystem(system, c, list, hyp) {
  const common = [
    '--language',
    c.language,
    '--beam_size',
    String(c.beam),
    '--temperature_increment_on_fallback',
    'None',
    '--batch_size',
    '8',
    '--threads',
    '2',
  ];
  if (system.startsWith('ours')) {
    const extra = {
      'ours-fp32': ['--compute_type', 'float32'],
      'ours-int8': ['--compute_type', 'int8'],
      'ours-novad': ['--compute_type', 'float32', '--vad_method', 'none'],
      'ours-mlx': ['--compute_type', 'float32', '--backend', 'mlx'],
    }[system];
    const json = `${hyp}.json`;
    const backend = system === 'ours-mlx' ? [] : ['--backend', 'onnx'];
    const r = timed(
      process.execPath,
      [evalWer, '--data', list, '--model', model, ...backend, ...common, ...extra, '--json', json],
      { HF_HUB_OFFLINE: '1' },
    );
    if (r.status !== 0 && !existsSync(json))
      return { skipped: (r.stderr || r.stdout).trim().split('\n').pop(), wall: r.wall };
    const report = JSON.parse(readFileSync(json, 'utf8'));
    writeHyp(
      hyp,
      report.files.map((f) => [f.file, f.hypothesis]),
    );
    return { wall: r.wall };
  }
  if (system === 'hf' || system.startsWith('fw')) {
    if (!existsSync(convPy)) return { skipped: `no Python venv at ${convPy} (pnpm eval:models makes it)` };
    const args = [
      path.join(here, 'peer_asr.py'),
      '--system',
      system === 'hf' ? 'hf' : 'faster-whisper',
      '--model',
      system === 'hf' ? model : ct2,
      '--data',
      list,
      '--out',
      hyp,
      '--language',
      c.language,
      '--beam',
      String(c.beam),
      '--compute_type',
      system === 'fw-int8' ? 'int8' : 'float32',
    ];
    const r = timed(convPy, args);
    if (r.status !== 0) return { skipped: (r.stderr || '').trim().split('\n').pop(), wall: r.wall };
    return { wall: r.wall, detail: JSON.parse(r.stdout.trim().split('\n').pop()) };
  }
  if (system === 'transformers-js') {
    const r = timed(process.execPath, [
      path.join(here, 'transformers-js-asr.mjs'),
      '--model',
      model,
      '--data',
      list,
      '--out',
      hyp,
      '--language',
      c.language,
      '--beam',
      String(c.beam),
    ]);
    if (r.status !== 0) return { skipped: (r.stderr || '').trim().split('\n').pop(), wall: r.wall };
    return { wall: r.wall, detail: JSON.parse(r.stdout.trim().split('\n').pop()) };
  }
  if (system.startsWith('whisperx')) {
    const bin = path.join(peersBin, 'whisperx');
    if (!existsSync(bin)) return { skipped: `whisperx not installed (${bin})` };
    const files = rowsOf(list);
    const linkDir = path.join(out, `${system}-in`);
    const outDir = path.join(out, `${system}-out`);
    rmSync(linkDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(linkDir, { recursive: true });
    const links = files.map((f, i) => {
      const l = path.join(linkDir, `${String(i).padStart(4, '0')}-${path.basename(f)}`);
      symlinkSync(f, l);
      return l;
    });
    const vad = system === 'whisperx-silero' ? ['--vad_method', 'silero'] : [];
    // Through scripts/eval/whisperx_cli.py: WhisperX's CLI with Silero from the silero-vad wheel
    // (its torch.hub path needs GitHub).
    const r = timed(
      path.join(peersBin, 'python'),
      [
        path.join(here, 'whisperx_cli.py'),
        ...links,
        '--model',
        ct2,
        '--device',
        'cpu',
        '--compute_type',
        'float32',
        ...common,
        '--no_align',
        '--output_format',
        'txt',
        '--output_dir',
        outDir,
        ...vad,
      ],
      { HF_HUB_OFFLINE: '1' },
    );
    if (r.status !== 0) return { skipped: (r.stderr || r.stdout).trim().split('\n').slice(-1)[0], wall: r.wall };
    writeHyp(
      hyp,
      files.map((f, i) => {
        const txt = path.join(outDir, `${path.basename(links[i], '.wav')}.txt`);
        return [f, existsSync(txt) ? readFileSync(txt, 'utf8') : ''];
      }),
    );
    return { wall: r.wall };
  }
  return { skipped: `unknown system ${system}` };
}

function score(list, hyp, language) {
  const json = `${hyp}.score.json`;
  const r = spawnSync(
    process.execPath,
    [evalWer, '--data', list, '--hyp', hyp, '--language', language, '--json', json],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`scoring ${hyp}: ${r.stderr}`);
  return JSON.parse(readFileSync(json, 'utf8'));
}

const results = [];
const lines = [];
// --reuse: keep a system's earlier hypotheses and wall time for a case whose list is unchanged
const previous = new Map();
if (process.argv.includes('--reuse') && existsSync(path.join(out, 'results.jsonl'))) {
  for (const l of readFileSync(path.join(out, 'results.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const e = JSON.parse(l);
    if (!e.skipped) previous.set(`${e.case}/${e.system}`, e);
  }
}
for (const name of cases) {
  const c = CASES[name];
  const list = c.list();
  const hyps = {};
  for (const system of systems) {
    // beam 5: the fp32 systems that share HF's options (the identical rate is against HF's beam search)
    if (name.startsWith('beam-') && !['ours-fp32', 'hf', 'fw-fp32'].includes(system)) continue;
    if (name.startsWith('long') && system === 'ours-novad') continue; // 30 s windows: not an utterance test
    if (system === 'ours-mlx' && name !== 'en') continue; // MLX's WER beside ONNX's on one case
    const hyp = path.join(out, `${name}.${system}.hyp.tsv`);
    const load = os.loadavg()[0];
    const old = previous.get(`${name}/${system}`);
    const r =
      old && existsSync(hyp) ? { wall: old.wall_s, detail: old.detail, reused: true } : runSystem(system, c, list, hyp);
    const loadBefore = old && r.reused ? old.load_before : load;
    const entry = {
      case: name,
      system,
      language: c.language,
      beam: c.beam,
      wall_s: r.wall,
      load_before: loadBefore,
      load_after: r.reused ? old.load_after : os.loadavg()[0],
    };
    if (r.skipped) {
      entry.skipped = r.skipped;
      lines.push(`${name}\t${system}\tdid not run: ${r.skipped}`);
    } else {
      const s = score(list, hyp, c.language);
      hyps[system] = new Map(s.files.map((f) => [f.file, f.hypothesis.replace(/\s+/g, ' ').trim()]));
      Object.assign(entry, {
        rate: s.rate,
        metric: s.metric,
        words: s.totals.reference,
        files: s.files.length,
        audio_s: s.files.reduce((a, f) => a + (statSync(f.file).size - 44) / 32000, 0),
        detail: r.detail,
      });
    }
    results.push(entry);
    writeFileSync(path.join(out, 'results.jsonl'), results.map((x) => JSON.stringify(x)).join('\n') + '\n');
    console.error(JSON.stringify(entry));
  }
  const ref = hyps.hf;
  for (const entry of results.filter((e) => e.case === name && !e.skipped)) {
    if (!ref) continue;
    const mine = hyps[entry.system];
    let same = 0;
    for (const [file, text] of ref) if (mine.get(file) === text) same += 1;
    entry.identical_to_hf = same / ref.size;
  }
  writeFileSync(path.join(out, 'results.jsonl'), results.map((x) => JSON.stringify(x)).join('\n') + '\n');
}
console.log('| case | system | WER | identical to HF | wall s | notes |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const e of results) {
  if (e.skipped) console.log(`| ${e.case} | ${e.system} | — | — | — | did not run: ${e.skipped} |`);
  else
    console.log(
      `| ${e.case} | ${e.system} | ${(e.rate * 100).toFixed(2)}% (${e.words} ${e.metric === 'cer' ? 'chars' : 'words'}, ${e.files} files) | ${e.identical_to_hf === undefined ? '—' : `${(e.identical_to_hf * 100).toFixed(0)}%`} | ${e.wall_s.toFixed(1)} (${(e.audio_s / e.wall_s).toFixed(1)}x) | load ${e.load_before.toFixed(1)} |`,
    );
}
for (const l of lines) console.error(l);
