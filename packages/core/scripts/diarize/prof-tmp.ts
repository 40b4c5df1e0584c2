import { linkageFromDistances, pdistEuclidean } from '../../src/diarize/linkage.js';
const n = 5428, k = 256;
let seed = 1; const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const centers = Array.from({ length: 5 }, () => Float64Array.from({ length: k }, () => rand() - 0.5));
const x = new Float64Array(n * k);
for (let i = 0; i < n; i++) { const c = centers[i % 5]; let s = 0; for (let d = 0; d < k; d++) { x[i * k + d] = c[d] + 0.1 * (rand() - 0.5); s += x[i*k+d]**2; } for (let d = 0; d < k; d++) x[i*k+d] /= Math.sqrt(s); }
const cpu = (label: string, f: () => unknown) => { const c0 = process.cpuUsage(); const t0 = performance.now(); const r = f(); const c = process.cpuUsage(c0); console.log(label, Math.round(performance.now() - t0), 'ms wall', Math.round((c.user + c.system) / 1000), 'ms cpu'); return r; };
const D = cpu('pdist', () => pdistEuclidean({ data: x, rows: n, cols: k })) as Float64Array;
cpu('linkage', () => linkageFromDistances(D, n, 'centroid'));
