// Writes media/icon.png (128x128 RGBA): a rounded indigo square with a white waveform over
// three "text lines", i.e. speech -> transcript. No dependencies (zlib + a tiny PNG encoder).
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const px = Buffer.alloc(SIZE * SIZE * 4);

function blend(x, y, [r, g, b], a) {
  if (x < 0 || y < 0 || x >= SIZE || y >= SIZE || a <= 0) return;
  const i = (y * SIZE + x) * 4;
  const alpha = Math.min(1, a);
  const dstA = px[i + 3] / 255;
  const outA = alpha + dstA * (1 - alpha);
  for (const [k, c] of [
    [0, r],
    [1, g],
    [2, b],
  ]) {
    px[i + k] = Math.round((c * alpha + px[i + k] * dstA * (1 - alpha)) / (outA || 1));
  }
  px[i + 3] = Math.round(outA * 255);
}

// Distance-based coverage of a rounded rectangle, for smooth edges.
function roundedRect(x0, y0, x1, y1, radius, color) {
  for (let y = Math.floor(y0) - 1; y <= Math.ceil(y1) + 1; y++) {
    for (let x = Math.floor(x0) - 1; x <= Math.ceil(x1) + 1; x++) {
      const cx = Math.min(Math.max(x + 0.5, x0 + radius), x1 - radius);
      const cy = Math.min(Math.max(y + 0.5, y0 + radius), y1 - radius);
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - radius;
      blend(x, y, color, 0.5 - d);
    }
  }
}

const indigo = [79, 70, 229];
const violet = [124, 58, 237];
// Background: vertical gradient drawn as rows clipped by the rounded square.
for (let y = 0; y < SIZE; y++) {
  const t = y / (SIZE - 1);
  const color = indigo.map((c, k) => Math.round(c + (violet[k] - c) * t));
  for (let x = 0; x < SIZE; x++) {
    const cx = Math.min(Math.max(x + 0.5, 24), SIZE - 24);
    const cy = Math.min(Math.max(y + 0.5, 24), SIZE - 24);
    const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - 22;
    blend(x, y, color, 0.5 - d);
  }
}

const white = [255, 255, 255];
// Waveform bars.
const bars = [10, 18, 30, 22, 38, 26, 16, 30, 20, 12];
bars.forEach((h, i) => {
  const x = 22 + i * 9;
  roundedRect(x, 46 - h / 2, x + 5, 46 + h / 2, 2.5, white);
});
// Transcript lines.
roundedRect(22, 78, 106, 84, 3, white);
roundedRect(22, 92, 96, 98, 3, white);
roundedRect(22, 106, 76, 112, 3, white);

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) px.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../media/icon.png');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
