#!/usr/bin/env node
/**
 * `pnpm eval:data [--cache DIR]`: real speech with references for `pnpm eval:wer`, from Debian
 * packages (idempotent, cached under ~/.cache/whisperx-ts-eval/data):
 *  - asterisk-{en,es,fr}.tsv: every studio prompt of asterisk-core-sounds-XX-wav whose text
 *    (asterisk-core-sounds-XX's core-sounds-XX.txt) is speech, not a [tone] description, resampled
 *    once from 8 kHz to 16 kHz 16-bit WAV (core's resampler) so that every system compared reads the same
 *    samples (data/wav16/XX/...);
 *    asterisk-XX-sample.tsv: 100 of them, evenly spread; asterisk-XX-ci.tsv: 25 (CI's checks);
 *  - long-XX.wav + long-XX.tsv: 40 prompts joined with 1.2 s pauses (several minutes: VAD windows,
 *    batching and segment times on real decoding);
 *  - kit.tsv: the conformance kit's jfk.wav and LibriVox clips; jfk.tsv: jfk.wav alone;
 *  - no-speech.tsv: 60 s of digital silence and two music-on-hold pieces (asterisk-moh-opsound-wav),
 *    reference empty: every recognised word there is an insertion (hallucination).
 * Prints the lists it wrote.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { resample } from '../packages/core/dist/index.js';
import { parsePromptList, spread } from './eval/prompt-list.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const cacheArg = argv.indexOf('--cache');
const cache =
  cacheArg >= 0
    ? argv[cacheArg + 1]
    : (process.env.WHISPERX_TS_EVAL_CACHE ?? path.join(os.homedir(), '.cache', 'whisperx-ts-eval'));
const kitAudio = path.resolve(here, '..', '..', 'shared', 'conformance', 'audio');
const debs = path.join(cache, 'debs');
const root = path.join(debs, 'root');
const out = path.join(cache, 'data');
const LANGS = { en: 'en_US_f_Allison', es: 'es_MX_f_Allison', fr: 'fr_CA_f_June' };
const PACKAGES = [
  'asterisk-moh-opsound-wav',
  ...Object.keys(LANGS).flatMap((l) => [`asterisk-core-sounds-${l}`, `asterisk-core-sounds-${l}-wav`]),
];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(
      `eval:data: ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}); it needs Debian's apt (apt-get download) and dpkg.`,
    );
    process.exit(1);
  }
}

function fetchPackages() {
  mkdirSync(root, { recursive: true });
  const have = readdirSync(debs).filter((f) => f.endsWith('.deb'));
  const missing = PACKAGES.filter((p) => !have.some((f) => f.startsWith(`${p}_`)));
  if (missing.length > 0) run('apt-get', ['download', ...missing], debs);
  for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb'))) {
    const stamp = path.join(root, `.${deb}.extracted`);
    if (existsSync(stamp)) continue;
    run('dpkg', ['-x', deb, 'root'], debs);
    writeFileSync(stamp, '');
  }
}

/** 16-bit mono PCM WAV of one rate: samples (Int16Array) and rate. */
function readPcm16(file) {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error(`${file}: not a WAV file`);
  let pos = 12;
  let rate = 0;
  while (pos + 8 <= b.length) {
    const id = b.toString('ascii', pos, pos + 4);
    const size = b.readUInt32LE(pos + 4);
    if (id === 'fmt ') {
      const format = b.readUInt16LE(pos + 8);
      const channels = b.readUInt16LE(pos + 10);
      rate = b.readUInt32LE(pos + 12);
      const bits = b.readUInt16LE(pos + 22);
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error(`${file}: 16-bit mono PCM expected`);
    } else if (id === 'data') {
      const data = b.subarray(pos + 8, pos + 8 + Math.min(size, b.length - pos - 8));
      const samples = new Int16Array(data.length >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(2 * i);
      return { samples, rate };
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

function writePcm16(file, samples, rate) {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(samples[i], 2 * i);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([h, data]));
  renameSync(tmp, file);
}

function writeList(name, rows) {
  const file = path.join(out, name);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, rows.map(([p, t]) => `${p}\t${t.replace(/\s+/g, ' ')}\n`).join(''));
  renameSync(tmp, file);
  console.log(`${file} (${rows.length} rows)`);
}

/** The same audio at 16 kHz, 16-bit mono (core's windowed-sinc resampler), written once. */
function to16k(src, dst) {
  if (existsSync(dst)) return dst;
  mkdirSync(path.dirname(dst), { recursive: true });
  const { samples, rate } = readPcm16(src);
  const floats = Float32Array.from(samples, (v) => v / 32768);
  const resampled = rate === 16000 ? floats : resample(floats, rate, 16000);
  writePcm16(
    dst,
    Int16Array.from(resampled, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768)))),
    16000,
  );
  return dst;
}

function prompts(lang) {
  const txt = path.join(root, 'usr/share/doc', `asterisk-core-sounds-${lang}`, `core-sounds-${lang}.txt.gz`);
  const dir = path.join(root, 'usr/share/asterisk/sounds', LANGS[lang]);
  const texts = parsePromptList(gunzipSync(readFileSync(txt)).toString('utf8'), (name) =>
    existsSync(path.join(dir, `${name}.wav`)),
  );
  const rows = [...texts].map(([name, text]) => [
    to16k(path.join(dir, `${name}.wav`), path.join(out, 'wav16', lang, `${name}.wav`)),
    text,
  ]);
  rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return rows;
}

function longForm(lang, rows) {
  const chosen = spread(rows, 40);
  const parts = [];
  let rate = 0;
  for (const [wav] of chosen) {
    const { samples, rate: r } = readPcm16(wav);
    if (rate && r !== rate) throw new Error(`${wav}: ${r} Hz, the other prompts are ${rate} Hz`);
    rate = r;
    parts.push(samples, new Int16Array(Math.round(1.2 * r)));
  }
  const joined = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) joined.set(p, (o += p.length) - p.length);
  const file = path.join(out, `long-${lang}.wav`);
  writePcm16(file, joined, rate);
  writeList(`long-${lang}.tsv`, [[file, chosen.map(([, t]) => t).join(' ')]]);
}

fetchPackages();
mkdirSync(out, { recursive: true });
for (const lang of Object.keys(LANGS)) {
  const rows = prompts(lang);
  writeList(`asterisk-${lang}.tsv`, rows);
  writeList(`asterisk-${lang}-sample.tsv`, spread(rows, 100));
  writeList(`asterisk-${lang}-ci.tsv`, spread(rows, 25));
  longForm(lang, rows);
}
const kitRows = [[path.join(kitAudio, 'jfk.wav'), readFileSync(path.join(kitAudio, 'jfk.txt'), 'utf8').trim()]];
for (const line of readFileSync(path.join(kitAudio, 'librivox', 'transcripts.tsv'), 'utf8')
  .split(/\r?\n/)
  .slice(1)) {
  const cols = line.split('\t'); // file, num_samples, sample_rate, transcript
  const [name, text] = [cols[0], cols[cols.length - 1]];
  if (name && text && cols.length > 1)
    kitRows.push([path.join(kitAudio, 'librivox', name.endsWith('.wav') ? name : `${name}.wav`), text]);
}
writeList('kit.tsv', kitRows);
writeList('jfk.tsv', kitRows.slice(0, 1));
const silence = path.join(out, 'silence-60s.wav');
writePcm16(silence, new Int16Array(60 * 16000), 16000);
const moh = path.join(root, 'usr/share/asterisk/moh');
const music = ['macroform-cold_day.wav', 'reno_project-system.wav'].map((name) => {
  const { samples, rate } = readPcm16(path.join(moh, name));
  const file = path.join(out, `music-${name}`);
  writePcm16(file, samples.subarray(0, 60 * rate), rate);
  return file;
});
writeList('no-speech.tsv', [[silence, ''], ...music.map((m) => [m, ''])]);
