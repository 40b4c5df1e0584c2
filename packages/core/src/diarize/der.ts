/**
 * Diarization error rate from RTTM, with NIST md-eval semantics (md-eval.pl v22, speaker part):
 * the evaluated region of a file is [first, last] reference SPEAKER time (no UEM file); a collar
 * removes +/- collar seconds around every reference segment boundary from scoring; skipOverlap
 * removes the regions where the reference has two or more speaker segments; reference and
 * system speakers are mapped one-to-one to maximise their overlap time over the evaluated region
 * (Hungarian assignment); then per elementary segment
 *   missed += dur * max(nRef - nSys, 0), falseAlarm += dur * max(nSys - nRef, 0),
 *   confusion += dur * (min(nRef, nSys) - nMapped), scored += dur * nRef,
 * and DER = (missed + falseAlarm + confusion) / scored, summed over files/channels.
 */
import { WhisperxError } from '../errors.js';

/** One SPEAKER record of an RTTM file. */
export interface RttmSegment {
  file: string;
  channel: string;
  start: number;
  duration: number;
  speaker: string;
}

/** Parse the SPEAKER lines of an RTTM text (other record types, comments and blank lines are skipped). */
export function parseRttm(text: string, source = 'RTTM'): RttmSegment[] {
  const out: RttmSegment[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*[#;]|^\s*$/.test(line)) return;
    const f = line.trim().split(/\s+/);
    if (f.length < 8) {
      throw new WhisperxError(
        'input',
        `${source} line ${i + 1}: expected at least 8 fields (an RTTM record), got "${line.trim()}".`,
      );
    }
    if (f[0].toUpperCase() !== 'SPEAKER') return;
    const start = Number(f[3].replace('*', ''));
    const duration = f[4].toLowerCase() === '<na>' ? 0 : Number(f[4].replace('*', ''));
    if (!Number.isFinite(start) || !Number.isFinite(duration) || duration < 0) {
      throw new WhisperxError(
        'input',
        `${source} line ${i + 1}: bad start/duration "${f[3]} ${f[4]}"; fix the record.`,
      );
    }
    out.push({ file: f[1], channel: f[2].toLowerCase(), start, duration, speaker: f[7] });
  });
  return out;
}

/** Format turns as RTTM SPEAKER lines (`uri` names the file field). */
export function formatRttm(turns: readonly { start: number; end: number; speaker: string }[], uri: string): string {
  return turns
    .map(
      (t) =>
        `SPEAKER ${uri} 1 ${t.start.toFixed(3)} ${(t.end - t.start).toFixed(3)} <NA> <NA> ${t.speaker} <NA> <NA>\n`,
    )
    .join('');
}

export interface DerOptions {
  /** No-score zone, in seconds, on both sides of every reference segment boundary. Default 0. */
  collar?: number;
  /** Score only regions where the reference has at most one speaker (md-eval -1). Default false. */
  skipOverlap?: boolean;
}

export interface DerResult {
  /** Scored reference speaker time (seconds, counting each speaker of an overlap). */
  scored: number;
  missed: number;
  falseAlarm: number;
  confusion: number;
  /** (missed + falseAlarm + confusion) / scored; 0 when nothing is scored. */
  der: number;
  /** Reference speaker -> system speaker, per "file channel". */
  mapping: Record<string, Record<string, string>>;
}

interface Interval {
  start: number;
  end: number;
}

/** Minimum-cost assignment on a rectangular cost matrix (rows <= any); returns the column of each row. */
export function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  const m = n > 0 ? cost[0].length : 0;
  const size = Math.max(n, m);
  const a = (i: number, j: number) => (i < n && j < m ? cost[i][j] : 0);
  // Classic O(size^3) potentials method, 1-based internally.
  const u = new Float64Array(size + 1);
  const v = new Float64Array(size + 1);
  const p = new Int32Array(size + 1);
  const way = new Int32Array(size + 1);
  for (let i = 1; i <= size; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(size + 1).fill(Infinity);
    const used = new Uint8Array(size + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= size; j++) {
        if (used[j]) continue;
        const cur = a(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= size; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const rowToCol = new Array<number>(n).fill(-1);
  for (let j = 1; j <= size; j++) if (p[j] >= 1 && p[j] <= n && j <= m) rowToCol[p[j] - 1] = j - 1;
  return rowToCol;
}

/** Sorted, merged union of intervals. */
function union(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((x) => x.end > x.start).sort((x, y) => x.start - y.start);
  const out: Interval[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ ...x });
  }
  return out;
}

function subtract(base: Interval, holes: Interval[]): Interval[] {
  const out: Interval[] = [];
  let cursor = base.start;
  for (const h of union(holes)) {
    if (h.end <= cursor) continue;
    if (h.start >= base.end) break;
    if (h.start > cursor) out.push({ start: cursor, end: Math.min(h.start, base.end) });
    cursor = Math.max(cursor, h.end);
  }
  if (cursor < base.end) out.push({ start: cursor, end: base.end });
  return out;
}

/** Regions where two or more reference segments (records, as md-eval counts them) overlap. */
function overlapRegions(ref: RttmSegment[]): Interval[] {
  const events: [number, number][] = [];
  for (const s of ref) if (s.duration > 0) events.push([s.start, 1], [s.start + s.duration, -1]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Interval[] = [];
  let count = 0;
  let begin = 0;
  for (const [t, d] of events) {
    count += d;
    if (d > 0 && count === 2) begin = t;
    if (d < 0 && count === 1) out.push({ start: begin, end: t });
  }
  return out;
}

interface Piece {
  dur: number;
  ref: Set<string>;
  sys: Set<string>;
}

/** Elementary segments of constant (ref, sys) speaker sets inside `regions`. */
function pieces(regions: Interval[], ref: RttmSegment[], sys: RttmSegment[]): Piece[] {
  type Ev = { t: number; end: boolean; kind: 0 | 1 | 2; spk: string };
  const events: Ev[] = [];
  for (const r of regions)
    events.push({ t: r.start, end: false, kind: 0, spk: '' }, { t: r.end, end: true, kind: 0, spk: '' });
  for (const [kind, list] of [
    [1, ref],
    [2, sys],
  ] as const) {
    for (const s of list) {
      if (!(s.duration > 0)) continue;
      events.push(
        { t: s.start, end: false, kind, spk: s.speaker },
        { t: s.start + s.duration, end: true, kind, spk: s.speaker },
      );
    }
  }
  events.sort((x, y) => x.t - y.t || Number(y.end) - Number(x.end));
  const counts = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  const out: Piece[] = [];
  let inRegion = false;
  let begin = 0;
  for (const e of events) {
    if (inRegion && begin < e.t) {
      out.push({ dur: e.t - begin, ref: new Set(counts[1].keys()), sys: new Set(counts[2].keys()) });
      begin = e.t;
    }
    if (e.kind === 0) {
      inRegion = !e.end;
      if (inRegion) begin = e.t;
      continue;
    }
    const m = counts[e.kind];
    const c = (m.get(e.spk) ?? 0) + (e.end ? -1 : 1);
    if (c > 0) m.set(e.spk, c);
    else m.delete(e.spk);
  }
  return out;
}

/** DER of `hyp` against `ref` (all files/channels of the reference). */
export function diarizationErrorRate(ref: RttmSegment[], hyp: RttmSegment[], options: DerOptions = {}): DerResult {
  const collar = options.collar ?? 0;
  if (!(collar >= 0)) throw new WhisperxError('usage', `collar=${collar}: must be a non-negative number of seconds.`);
  const key = (s: RttmSegment) => `${s.file} ${s.channel}`;
  const files = [...new Set(ref.map(key))].sort();
  const result: DerResult = { scored: 0, missed: 0, falseAlarm: 0, confusion: 0, der: 0, mapping: {} };
  for (const file of files) {
    const r = ref.filter((s) => key(s) === file);
    const h = hyp.filter((s) => key(s) === file);
    const uem: Interval = {
      start: Math.min(...r.map((s) => s.start)),
      end: Math.max(...r.map((s) => s.start + s.duration)),
    };
    // Speaker mapping over the evaluated region (no collars).
    const refSpk = [...new Set(r.filter((s) => s.duration > 0).map((s) => s.speaker))].sort();
    const sysSpk = [...new Set(h.filter((s) => s.duration > 0).map((s) => s.speaker))].sort();
    const overlap = refSpk.map(() => new Float64Array(sysSpk.length));
    for (const p of pieces([uem], r, h)) {
      if (p.ref.size === 0) continue;
      for (const rs of p.ref) for (const ss of p.sys) overlap[refSpk.indexOf(rs)][sysSpk.indexOf(ss)] += p.dur;
    }
    const map = new Map<string, string>();
    if (refSpk.length > 0 && sysSpk.length > 0) {
      const assignment = hungarian(overlap.map((row) => Array.from(row, (x) => -x)));
      assignment.forEach((col, i) => {
        if (col >= 0 && overlap[i][col] > 0) map.set(refSpk[i], sysSpk[col]);
      });
    }
    result.mapping[file] = Object.fromEntries(map);

    const holes: Interval[] = [];
    if (collar > 0) {
      for (const s of r) {
        for (const b of [s.start, s.start + s.duration]) holes.push({ start: b - collar, end: b + collar });
      }
    }
    if (options.skipOverlap) holes.push(...overlapRegions(r));
    for (const p of pieces(subtract(uem, holes), r, h)) {
      const nRef = p.ref.size;
      const nSys = p.sys.size;
      let nMap = 0;
      for (const rs of p.ref) if (map.has(rs) && p.sys.has(map.get(rs)!)) nMap++;
      result.scored += p.dur * nRef;
      result.missed += p.dur * Math.max(nRef - nSys, 0);
      result.falseAlarm += p.dur * Math.max(nSys - nRef, 0);
      result.confusion += p.dur * (Math.min(nRef, nSys) - nMap);
    }
  }
  const errors = result.missed + result.falseAlarm + result.confusion;
  result.der = result.scored > 0 ? errors / result.scored : 0;
  return result;
}
