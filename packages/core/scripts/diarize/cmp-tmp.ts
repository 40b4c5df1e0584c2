import { linkageFromDistances as oldL } from './linkage-old-tmp.ts';
import { linkageFromDistances as newL } from './linkage-instr-tmp.ts';
import { pdistEuclideanGram } from '../../src/diarize/distances.js';
const n = Number(process.argv[2] ?? 5428), dim = 256;
let seed = 42;
const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const centers = Array.from({ length: 5 }, () => Float64Array.from({ length: dim }, gauss));
const x = new Float64Array(n * dim);
for (let i = 0; i < n; i++) { const c = centers[Math.floor(rand() * 5)]; let s = 0;
  for (let d = 0; d < dim; d++) { x[i*dim+d] = c[d] + 0.6 * gauss(); s += x[i*dim+d]**2; }
  for (let d = 0; d < dim; d++) x[i*dim+d] /= Math.sqrt(s); }
const D = await pdistEuclideanGram({ data: x, rows: n, cols: dim });
const t = (f: () => Float64Array) => { const c0 = process.cpuUsage(); const r = f(); const c = process.cpuUsage(c0); return [r, Math.round((c.user + c.system) / 1000)] as const; };
const [a, ta] = t(() => oldL(D, n)); const [b, tb] = t(() => newL(D, n));
console.log('old cpu', ta, 'new cpu', tb, 'equal', a.every((v, i) => v === b[i]));
console.log('nearestAbove calls', (globalThis as any).__na, 'scanned', (globalThis as any).__ns);
console.log('below-y', (globalThis as any).__a, 'above-y', (globalThis as any).__b, 'pop', (globalThis as any).__c);
