/**
 * Rectangular linear sum assignment with scipy's `linear_sum_assignment` results, ties included:
 * the shortest augmenting path method (Crouse 2016) that scipy implements, rows processed in
 * order, columns scanned from the last remaining one, and among equal path costs a free column
 * preferred. A matrix with more rows than columns is solved transposed, as scipy does.
 */

/** Pairs (row, col) sorted by row; min(rows, cols) of them. cost[r * cols + c]. */
export function linearSumAssignment(
  cost: ArrayLike<number>,
  rows: number,
  cols: number,
  maximize = false,
): { rows: number[]; cols: number[] } {
  if (rows === 0 || cols === 0) return { rows: [], cols: [] };
  const transposed = cols < rows;
  const nr = transposed ? cols : rows;
  const nc = transposed ? rows : cols;
  const c = new Float64Array(nr * nc);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cols; k++) {
      const v = maximize ? -cost[r * cols + k] : cost[r * cols + k];
      if (transposed) c[k * nc + r] = v;
      else c[r * nc + k] = v;
    }
  }
  const u = new Float64Array(nr);
  const v = new Float64Array(nc);
  const shortest = new Float64Array(nc);
  const path = new Int32Array(nc).fill(-1);
  const col4row = new Int32Array(nr).fill(-1);
  const row4col = new Int32Array(nc).fill(-1);
  const sr = new Uint8Array(nr);
  const sc = new Uint8Array(nc);
  const remaining = new Int32Array(nc);

  for (let cur = 0; cur < nr; cur++) {
    let minVal = 0;
    let numRemaining = nc;
    for (let it = 0; it < nc; it++) remaining[it] = nc - it - 1;
    sr.fill(0);
    sc.fill(0);
    shortest.fill(Infinity);
    let sink = -1;
    let i = cur;
    while (sink === -1) {
      let index = -1;
      let lowest = Infinity;
      sr[i] = 1;
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it];
        const r = minVal + c[i * nc + j] - u[i] - v[j];
        if (r < shortest[j]) {
          path[j] = i;
          shortest[j] = r;
        }
        if (shortest[j] < lowest || (shortest[j] === lowest && row4col[j] === -1)) {
          lowest = shortest[j];
          index = it;
        }
      }
      minVal = lowest;
      if (minVal === Infinity || index < 0) throw new Error('cost matrix is infeasible');
      const j = remaining[index];
      if (row4col[j] === -1) sink = j;
      else i = row4col[j];
      sc[j] = 1;
      remaining[index] = remaining[--numRemaining];
    }
    u[cur] += minVal;
    for (let r = 0; r < nr; r++) if (sr[r] && r !== cur) u[r] += minVal - shortest[col4row[r]];
    for (let j = 0; j < nc; j++) if (sc[j]) v[j] -= minVal - shortest[j];
    let j = sink;
    for (;;) {
      const r = path[j];
      row4col[j] = r;
      const previous = col4row[r];
      col4row[r] = j;
      j = previous;
      if (r === cur) break;
    }
  }
  if (!transposed) return { rows: Array.from({ length: nr }, (_, r) => r), cols: Array.from(col4row) };
  const pairs = Array.from(col4row, (orig, k) => [orig, k] as const).sort((a, b) => a[0] - b[0]);
  return { rows: pairs.map((p) => p[0]), cols: pairs.map((p) => p[1]) };
}
