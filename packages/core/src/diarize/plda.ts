/**
 * The x-vector transform and PLDA of pyannote speaker-diarization-community-1 (pyannote.audio 4
 * `PLDA` / `vbx_setup`): raw embeddings are centred (mean1), length-normalised to sqrt(D),
 * projected by an LDA matrix, centred again (mean2) and length-normalised to sqrt(lda_dim); then
 * mapped into the PLDA latent space, where the within-class covariance is the identity and the
 * across-class covariance is diagonal (phi, descending). The latent basis solves the generalized
 * eigenproblem of the between- and within-class covariances that `plda.npz` implies.
 *
 * Files (read as plain numeric arrays, see npz-reader.ts):
 *   xvec_transform.npz: mean1 [D], mean2 [L], lda [D, L]
 *   plda.npz:           mu [L], tr [L, L], psi [L]
 */
import path from 'node:path';
import { WhisperxError } from '../errors.js';
import { generalizedEigen, inverse, matmul, transpose } from './dense-linalg.js';
import { Gemm } from './gemm.js';
import { readNpz, requireArray, type NumericArray } from './npz-reader.js';

export interface PldaParameters {
  mean1: Float64Array;
  mean2: Float64Array;
  /** [D, L] row-major. */
  lda: Float64Array;
  mu: Float64Array;
  /** [L, L] row-major. */
  tr: Float64Array;
  psi: Float64Array;
}

/** A loaded PLDA: `transform` maps raw embeddings [n, D] to latent features [n, dimension]. */
export interface Plda {
  /** Raw embedding size D. */
  inputDimension: number;
  /** Latent feature size (pyannote's lda_dimension, 128, capped to L). */
  dimension: number;
  /** Across-class covariance diagonal in the latent space (first `dimension` values, descending). */
  phi: Float64Array;
  /** embeddings [rows, D] -> features [rows, dimension]; products on `gemm` when given. */
  transform(embeddings: Float64Array, rows: number, gemm?: Gemm): Promise<Float64Array>;
}

/** pyannote's PLDA lda_dimension. */
export const PLDA_DIMENSION = 128;

/** Read `xvec_transform.npz` and `plda.npz` (shapes checked against each other). */
export function readPldaFiles(transformFile: string, pldaFile: string): PldaParameters {
  const x = readNpz(transformFile);
  const lda = requireArray(x, 'lda', [-1, -1], transformFile);
  const [d, l] = lda.shape;
  const mean1 = requireArray(x, 'mean1', [d], transformFile);
  const mean2 = requireArray(x, 'mean2', [l], transformFile);
  const p = readNpz(pldaFile);
  const tr: NumericArray = requireArray(p, 'tr', [l, l], pldaFile);
  const mu = requireArray(p, 'mu', [l], pldaFile);
  const psi = requireArray(p, 'psi', [l], pldaFile);
  if (psi.data.some((v) => !(v > 0))) {
    throw new WhisperxError('model', `${pldaFile}: psi must be positive. Use the pipeline's own plda.npz.`);
  }
  return { mean1: mean1.data, mean2: mean2.data, lda: lda.data, mu: mu.data, tr: tr.data, psi: psi.data };
}

/** `<folder>/xvec_transform.npz` + `<folder>/plda.npz`. */
export function loadPldaFolder(folder: string, dimension = PLDA_DIMENSION): Plda {
  return createPlda(
    readPldaFiles(path.join(folder, 'xvec_transform.npz'), path.join(folder, 'plda.npz')),
    dimension,
    folder,
  );
}

function l2Normalize(row: Float64Array, scale: number): void {
  let s = 0;
  for (const v of row) s += v * v;
  const f = scale / Math.sqrt(s);
  for (let i = 0; i < row.length; i++) row[i] *= f;
}

/** Set up the transform (the generalized eigenproblem is solved once here). */
export function createPlda(params: PldaParameters, dimension = PLDA_DIMENSION, where = 'PLDA'): Plda {
  const l = params.mean2.length;
  const d = params.mean1.length;
  let values: Float64Array;
  let vectors: Float64Array;
  try {
    const trT = transpose(params.tr, l, l);
    const w = inverse(matmul(trT, params.tr, l, l, l), l);
    const scaled = Float64Array.from(trT, (v, i) => v / params.psi[i % l]);
    const b = inverse(matmul(scaled, params.tr, l, l, l), l);
    ({ values, vectors } = generalizedEigen(b, w, l));
  } catch (cause) {
    throw new WhisperxError('model', `${where}: PLDA matrices are not usable (${(cause as Error).message}).`);
  }
  const dim = Math.min(dimension, l);
  // Descending eigenvalues; basis row j = eigenvector of the j-th largest eigenvalue.
  const phi = new Float64Array(dim);
  const basis = new Float64Array(dim * l);
  for (let j = 0; j < dim; j++) {
    const src = l - 1 - j;
    phi[j] = values[src];
    for (let k = 0; k < l; k++) basis[j * l + k] = vectors[k * l + src];
  }
  const ldaT = transpose(params.lda, d, l);
  const sqrtD = Math.sqrt(d);
  const sqrtL = Math.sqrt(l);
  return {
    inputDimension: d,
    dimension: dim,
    phi,
    async transform(embeddings, rows, gemm) {
      const own = gemm ?? (await Gemm.open());
      try {
        const centred = new Float64Array(rows * d);
        for (let r = 0; r < rows; r++) {
          const row = centred.subarray(r * d, (r + 1) * d);
          for (let i = 0; i < d; i++) row[i] = embeddings[r * d + i] - params.mean1[i];
          l2Normalize(row, sqrtD);
        }
        const projected = await own.abt(centred, rows, ldaT, l, d);
        for (let r = 0; r < rows; r++) {
          const row = projected.subarray(r * l, (r + 1) * l);
          for (let k = 0; k < l; k++) row[k] -= params.mean2[k];
          l2Normalize(row, sqrtL);
          for (let k = 0; k < l; k++) row[k] -= params.mu[k];
        }
        return await own.abt(projected, rows, basis, dim, l);
      } finally {
        if (!gemm) await own.release();
      }
    },
  };
}
