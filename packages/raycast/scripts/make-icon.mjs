// Draws assets/icon.png (512x512 RGBA): a rounded violet tile with white waveform bars.
// No dependencies: pixels are computed here and written as a PNG with node:zlib.
// Run: node scripts/make-icon.mjs
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 512;
const TILE = { inset: 16, radius: 96, color: [108, 92, 231] };
const BARS = [80, 160, 240, 120, 200, 60]; // bar heights, centred vertically
const BAR_WIDTH = 36;
const BAR_GAP = 20;

function insideRoundedRect(x, y, inset, radius) {
  const lo = inset + radius;
  const hi = SIZE - inset - radius;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  if (x < inset || y < inset || x >= SIZE - inset || y >= SIZE - inset) return false;
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function insideBar(x, y) {
  const total = BARS.length * BAR_WIDTH + (BARS.length - 1) * BAR_GAP;
  const left = (SIZE - total) / 2;
  const i = Math.floor((x - left) / (BAR_WIDTH + BAR_GAP));
  if (i < 0 || i >= BARS.length) return false;
  const offset = x - left - i * (BAR_WIDTH + BAR_GAP);
  if (offset >= BAR_WIDTH) return false;
  const half = BARS[i] / 2;
  const r = BAR_WIDTH / 2;
  // bars with rounded ends: a capsule from (centreX, 256 - half + r) to (centreX, 256 + half - r)
  const cx = left + i * (BAR_WIDTH + BAR_GAP) + r;
  const cy = Math.min(Math.max(y, SIZE / 2 - half + r), SIZE / 2 + half - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const p = row + 1 + x * 4;
    if (!insideRoundedRect(x + 0.5, y + 0.5, TILE.inset, TILE.radius)) continue; // transparent
    const white = insideBar(x + 0.5, y + 0.5);
    const [r, g, b] = white ? [255, 255, 255] : TILE.color;
    raw[p] = r;
    raw[p + 1] = g;
    raw[p + 2] = b;
    raw[p + 3] = 255;
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", ihdr),
  chunk("IDAT", deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
writeFileSync(new URL("../assets/icon.png", import.meta.url), png);
console.log(`wrote assets/icon.png (${png.length} bytes)`);
