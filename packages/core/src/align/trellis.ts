/**
 * WhisperX's own CTC alignment (the torchaudio forced-alignment tutorial algorithm it uses):
 * a (T+1) x (L+1) trellis over the cleaned characters with no blank states (a token "stays"
 * through blank frames), backtracking from the best final frame, then character segments
 * (merge_repeats) and '|'-separated words (merge_words). Float32 arithmetic throughout, as the
 * torch original, so paths match it frame for frame, ties included.
 *
 * Characters outside the model's vocabulary use a WILDCARD column: its emission at frame t is
 * the best non-blank log-probability of that frame, so digits, symbols and other scripts still
 * receive a time span.
 */
import type { EmissionMatrix } from './ctc-forced-align.js';

/** Token id meaning "any non-blank label" (the wildcard column). */
export const WILDCARD = -1;

/** One step of the backtracked path: token index (into the cleaned text), frame, probability. */
export interface PathPoint {
  tokenIndex: number;
  timeIndex: number;
  score: number;
}

/** A run of path points with one token index (character) or a merged word. */
export interface CharSegment {
  label: string;
  start: number;
  /** Exclusive end frame. */
  end: number;
  score: number;
}

const f32 = Math.fround;

/** Best non-blank log-probability of each frame ([T]). */
export function wildcardColumn(emissions: EmissionMatrix, blank: number): Float32Array {
  const { data, frames, labels } = emissions;
  const out = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    let best = -Infinity;
    const row = t * labels;
    for (let c = 0; c < labels; c++) {
      if (c !== blank && data[row + c] > best) best = data[row + c];
    }
    out[t] = best;
  }
  return out;
}

/** Emission of `token` at every frame ([T]); WILDCARD gives the wildcard column. */
function tokenColumns(emissions: EmissionMatrix, tokens: ArrayLike<number>, blank: number): Float32Array[] {
  const { data, frames, labels } = emissions;
  const cache = new Map<number, Float32Array>();
  const cols: Float32Array[] = [];
  for (let j = 0; j < tokens.length; j++) {
    const tok = tokens[j];
    let col = cache.get(tok);
    if (!col) {
      if (tok === WILDCARD) col = wildcardColumn(emissions, blank);
      else {
        col = new Float32Array(frames);
        for (let t = 0; t < frames; t++) col[t] = data[t * labels + tok];
      }
      cache.set(tok, col);
    }
    cols.push(col);
  }
  return cols;
}

/** The trellis, row-major [(T + 1), (L + 1)]. */
export interface Trellis {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** WhisperX get_trellis (with its +inf guard on the last L rows of column 0). */
export function getTrellis(emissions: EmissionMatrix, tokens: ArrayLike<number>, blank: number): Trellis {
  const T = emissions.frames;
  const L = tokens.length;
  const rows = T + 1;
  const cols = L + 1;
  const tr = new Float32Array(rows * cols);
  const em = emissions.data;
  const C = emissions.labels;
  tr[0] = 0;
  let acc = 0; // torch's CPU cumsum accumulates in double
  for (let t = 0; t < T; t++) {
    acc += em[t * C + blank];
    tr[(t + 1) * cols] = acc;
  }
  for (let j = 1; j < cols; j++) tr[j] = -Infinity;
  for (let r = Math.max(0, rows - L); r < rows; r++) tr[r * cols] = Infinity;
  const tokCols = tokenColumns(emissions, tokens, blank);
  for (let t = 0; t < T; t++) {
    const b = em[t * C + blank];
    const base = t * cols;
    const next = base + cols;
    for (let j = 1; j < cols; j++) {
      const stay = f32(tr[base + j] + b);
      const change = f32(tr[base + j - 1] + tokCols[j - 1][t]);
      tr[next + j] = stay > change ? stay : change;
    }
  }
  return { data: tr, rows, cols };
}

/** WhisperX backtrack: null when the path cannot reach the first token (alignment failed). */
export function backtrack(
  trellis: Trellis,
  emissions: EmissionMatrix,
  tokens: ArrayLike<number>,
  blank: number,
): PathPoint[] | null {
  const { data: tr, rows, cols } = trellis;
  const em = emissions.data;
  const C = emissions.labels;
  let j = cols - 1;
  let tStart = 0;
  let best = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = tr[r * cols + j];
    if (v > best || Number.isNaN(v)) {
      best = v;
      tStart = r;
      if (Number.isNaN(v)) break;
    }
  }
  const wild = tokens.length > 0 && Array.prototype.some.call(tokens, (x: number) => x === WILDCARD);
  const wc = wild ? wildcardColumn(emissions, blank) : undefined;
  const emit = (t: number, tok: number): number => (tok === WILDCARD ? wc![t] : em[t * C + tok]);
  const path: PathPoint[] = [];
  let done = false;
  for (let t = tStart; t > 0; t--) {
    const stayed = f32(tr[(t - 1) * cols + j] + em[(t - 1) * C + blank]);
    const tokEm = emit(t - 1, tokens[j - 1]);
    const changed = f32(tr[(t - 1) * cols + j - 1] + tokEm);
    const logp = changed > stayed ? tokEm : em[(t - 1) * C + blank];
    path.push({ tokenIndex: j - 1, timeIndex: t - 1, score: f32(Math.exp(logp)) });
    if (changed > stayed) {
      j--;
      if (j === 0) {
        done = true;
        break;
      }
    }
  }
  if (!done) return null;
  return path.reverse();
}

/** WhisperX merge_repeats: consecutive points of one token -> a character segment. */
export function mergeRepeats(path: readonly PathPoint[], transcript: readonly string[]): CharSegment[] {
  const segs: CharSegment[] = [];
  let i1 = 0;
  while (i1 < path.length) {
    let i2 = i1;
    let sum = 0;
    while (i2 < path.length && path[i2].tokenIndex === path[i1].tokenIndex) {
      sum += path[i2].score;
      i2++;
    }
    segs.push({
      label: transcript[path[i1].tokenIndex],
      start: path[i1].timeIndex,
      end: path[i2 - 1].timeIndex + 1,
      score: sum / (i2 - i1),
    });
    i1 = i2;
  }
  return segs;
}

/** WhisperX merge_words: segments between separators; score weighted by segment length. */
export function mergeWords(segments: readonly CharSegment[], separator = '|'): CharSegment[] {
  const words: CharSegment[] = [];
  let i1 = 0;
  let i2 = 0;
  while (i1 < segments.length) {
    if (i2 >= segments.length || segments[i2].label === separator) {
      if (i1 !== i2) {
        const segs = segments.slice(i1, i2);
        let acc = 0;
        let len = 0;
        for (const s of segs) {
          acc += s.score * (s.end - s.start);
          len += s.end - s.start;
        }
        words.push({
          label: segs.map((s) => s.label).join(''),
          start: segments[i1].start,
          end: segments[i2 - 1].end,
          score: acc / len,
        });
      }
      i1 = i2 + 1;
      i2 = i1;
    } else i2++;
  }
  return words;
}
