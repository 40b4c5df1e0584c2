/**
 * Bar chart (SVG, written by hand) of x realtime per system and model from the bench's JSON lines:
 * the mean over repetitions of each (system, model) on the 10-minute file.
 *   node bench/chart.mjs [bench/results/latest.jsonl] [bench/results/chart.svg]
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const input = process.argv[2] ?? 'bench/results/latest.jsonl';
const output = process.argv[3] ?? join(dirname(input), 'chart.svg');
const rows = readFileSync(input, 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l))
  .filter((r) => r.xRealtime !== undefined && r.model && r.audioSeconds === 600);

const groups = new Map(); // "model|system" -> values
for (const r of rows) {
  // peers record their compute type apart; ours says int8 in its system name already
  const ct = r.computeType === 'int8' && !String(r.system).includes('int8') ? ' int8' : '';
  const key = `${r.model}|${r.system}${ct}`;
  groups.set(key, [...(groups.get(key) ?? []), r.xRealtime]);
}
const models = [...new Set(rows.map((r) => r.model))];
const systems = [...new Set([...groups.keys()].map((k) => k.slice(k.indexOf('|') + 1)))];
const colors = ['#2b6cb0', '#dd6b20', '#718096', '#38a169', '#805ad5', '#d53f8c', '#319795', '#b7791f', '#4a5568'];
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const max = Math.max(1, ...[...groups.values()].map(mean));

const W = 760;
const barH = 22;
const left = 190;
const plotW = W - left - 80;
let y = 50;
const parts = [];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
parts.push(
  `<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">x realtime, 10-minute speech file, 2 threads (higher is better)</text>`,
);
for (const model of models) {
  parts.push(
    `<text x="10" y="${y + 14}" font-size="14" font-weight="bold">${model === 'base-real' ? 'whisper-base (real weights)' : `whisper-${esc(model)} (random weights)`}</text>`,
  );
  y += 24;
  systems.forEach((system, i) => {
    const v = groups.get(`${model}|${system}`);
    if (!v) return;
    const m = mean(v);
    const w = Math.max(1, (m / max) * plotW);
    parts.push(`<text x="${left - 8}" y="${y + 15}" font-size="12" text-anchor="end">${esc(system)}</text>`);
    parts.push(
      `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${colors[i % colors.length]}"/>`,
    );
    parts.push(
      `<text x="${(left + w + 6).toFixed(1)}" y="${y + 15}" font-size="12">${m.toFixed(1)}x${v.length > 1 ? ` (n=${v.length})` : ''}</text>`,
    );
    y += barH + 6;
  });
  y += 12;
}
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 10}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
const tmp = `${output}.tmp-${process.pid}`;
writeFileSync(tmp, svg);
renameSync(tmp, output);
console.log(`chart: ${output}`);
