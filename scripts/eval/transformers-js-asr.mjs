#!/usr/bin/env node
/**
 * Peer for the side-by-side table: transformers.js 4.3's automatic-speech-recognition pipeline on the
 * same onnx-community folder (local files only, fp32, CPU, 2 threads), greedy (or beams), no timestamps,
 * 30 s chunks for longer files, the list's utterances in batches of 8.
 *   node scripts/eval/transformers-js-asr.mjs --model DIR --data LIST.tsv --out HYP.tsv [--language en] [--beam 1]
 * Prints one JSON line (load and wall seconds).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const model = path.resolve(arg('--model'));
const data = arg('--data');
const outFile = arg('--out');
const language = arg('--language', 'en');
const beam = Number(arg('--beam', '1'));
const { pipeline, env } = await import('@huggingface/transformers');
const core = await import('../../packages/core/dist/index.js');

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(model);
const base = path.dirname(path.resolve(data));
const files = readFileSync(data, 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => path.resolve(base, l.split('\t')[0]));
const audio = [];
for (const f of files) audio.push(await core.loadAudio(f));
let t0 = performance.now();
const asr = await pipeline('automatic-speech-recognition', path.basename(model), {
  dtype: 'fp32',
  device: 'cpu',
  session_options: { intraOpNumThreads: 2, interOpNumThreads: 1 },
});
const load = (performance.now() - t0) / 1000;
const options = {
  chunk_length_s: 30,
  batch_size: 8,
  language,
  task: 'transcribe',
  return_timestamps: false,
  num_beams: beam,
  do_sample: false,
};
const texts = [];
t0 = performance.now();
for (let i = 0; i < audio.length; i += 8) {
  const out = await asr(audio.slice(i, i + 8), options);
  for (const o of Array.isArray(out) ? out : [out]) texts.push(o.text.replace(/\s+/g, ' ').trim());
}
const wall = (performance.now() - t0) / 1000;
const tmp = `${outFile}.tmp`;
writeFileSync(tmp, files.map((f, i) => `${f}\t${texts[i]}\n`).join(''));
renameSync(tmp, outFile);
const seconds = audio.reduce((s, a) => s + a.length / 16000, 0);
console.log(
  JSON.stringify({ system: 'transformers.js', load_s: load, wall_s: wall, audio_s: seconds, files: files.length }),
);
