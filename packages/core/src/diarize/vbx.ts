/**
 * Bayesian HMM clustering of x-vectors (VBx, Landini et al. 2022) without HMM transitions, as
 * pyannote.audio 4 runs it (`cluster_vbx` / `VBx`): a soft start from hard AHC labels
 * (one-hot scaled by 7 through a softmax), then variational Bayes updates of the speaker models
 * (alpha, invL), the responsibilities (gamma) and the speaker priors (pi) until the evidence
 * lower bound improves by less than epsilon or maxIters is reached.
 *
 * Features X [T, D] live in the PLDA latent space (within-class covariance I, across-class
 * covariance diag(phi)).
 */
import { Gemm } from './gemm.js';

export interface VbxOptions {
  /** Scale of the sufficient statistics. community-1: 0.07. */
  Fa: number;
  /** Speaker regularisation (larger -> fewer speakers). community-1: 0.8. */
  Fb: number;
  /** Most VB iterations. Default 20 (pyannote's cluster_vbx). */
  maxIters?: number;
  /** Stop when the ELBO improves by less than this. Default 1e-4. */
  epsilon?: number;
  /** Softmax scale of the one-hot AHC start. Default 7. */
  initSmoothing?: number;
}

export interface VbxResult {
  /** Responsibilities [T, K] (row-major). */
  gamma: Float64Array;
  /** Speaker priors [K]. */
  pi: Float64Array;
  /** ELBO after each iteration. */
  elbo: number[];
  /** Number of speakers K (= AHC clusters). */
  speakers: number;
}

/** One-hot labels scaled by `smoothing` through a row softmax (pyannote cluster_vbx's qinit). */
export function initialResponsibilities(
  labels: ArrayLike<number>,
  smoothing: number,
): { gamma: Float64Array; k: number } {
  let k = 0;
  for (let i = 0; i < labels.length; i++) k = Math.max(k, labels[i] + 1);
  const gamma = new Float64Array(labels.length * k);
  if (smoothing < 0) {
    for (let t = 0; t < labels.length; t++) gamma[t * k + labels[t]] = 1;
    return { gamma, k };
  }
  const on = Math.exp(smoothing);
  const denominator = on + (k - 1);
  for (let t = 0; t < labels.length; t++) {
    for (let j = 0; j < k; j++) gamma[t * k + j] = (j === labels[t] ? on : 1) / denominator;
  }
  return { gamma, k };
}

/** VBx from AHC labels. x: [T, D] row-major; phi: [D]. The two large products per iteration run on `gemm`. */
export async function clusterVbx(
  ahcLabels: ArrayLike<number>,
  x: Float64Array,
  phi: Float64Array,
  options: VbxOptions,
  gemm?: Gemm,
): Promise<VbxResult> {
  const own = gemm ?? (await Gemm.open());
  try {
    return await iterate(ahcLabels, x, phi, options, own);
  } finally {
    if (!gemm) await own.release();
  }
}

async function iterate(
  ahcLabels: ArrayLike<number>,
  x: Float64Array,
  phi: Float64Array,
  options: VbxOptions,
  gemm: Gemm,
): Promise<VbxResult> {
  const t = ahcLabels.length;
  const d = phi.length;
  const { Fa, Fb } = options;
  const maxIters = options.maxIters ?? 20;
  const epsilon = options.epsilon ?? 1e-4;
  const init = initialResponsibilities(ahcLabels, options.initSmoothing ?? 7);
  const k = init.k;
  let gamma = init.gamma;
  let pi = new Float64Array(k).fill(1 / k);

  const logTwoPi = Math.log(2 * Math.PI);
  const g = new Float64Array(t);
  const rho = new Float64Array(t * d);
  for (let i = 0; i < t; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j];
      s += v * v;
      rho[i * d + j] = v * Math.sqrt(phi[j]);
    }
    g[i] = -0.5 * (s + d * logTwoPi);
  }

  const rhoT = new Float64Array(d * t);
  for (let i = 0; i < t; i++) for (let j = 0; j < d; j++) rhoT[j * t + i] = rho[i * d + j];
  const gammaT = new Float64Array(k * t);
  const ratio = Fa / Fb;
  const invL = new Float64Array(k * d);
  const alpha = new Float64Array(k * d);
  const logP = new Float64Array(t * k);
  const elbo: number[] = [];
  for (let iter = 0; iter < maxIters; iter++) {
    // Speaker models from the current responsibilities, eqs. (16)-(17).
    for (let i = 0; i < t; i++) for (let s = 0; s < k; s++) gammaT[s * t + i] = gamma[i * k + s];
    const stats = await gemm.abt(gammaT, k, rhoT, d, t); // gamma^T rho [K, D]
    for (let s = 0; s < k; s++) {
      let ns = 0;
      for (let i = 0; i < t; i++) ns += gammaT[s * t + i];
      for (let j = 0; j < d; j++) {
        invL[s * d + j] = 1 / (1 + ratio * ns * phi[j]);
        alpha[s * d + j] = ratio * invL[s * d + j] * stats[s * d + j];
      }
    }
    // Per-frame log-likelihoods, eq. (23).
    const quad = new Float64Array(k);
    for (let s = 0; s < k; s++) {
      let q = 0;
      for (let j = 0; j < d; j++) q += (invL[s * d + j] + alpha[s * d + j] ** 2) * phi[j];
      quad[s] = q;
    }
    const dots = await gemm.abt(rho, t, alpha, k, d); // rho alpha^T [T, K]
    for (let i = 0; i < t; i++) {
      for (let s = 0; s < k; s++) logP[i * k + s] = Fa * (dots[i * k + s] - 0.5 * quad[s] + g[i]);
    }
    // GMM-style update of responsibilities and priors.
    const lpi = Float64Array.from(pi, (p) => Math.log(p + 1e-8));
    const next = new Float64Array(t * k);
    let logPX = 0;
    for (let i = 0; i < t; i++) {
      let m = -Infinity;
      for (let s = 0; s < k; s++) m = Math.max(m, logP[i * k + s] + lpi[s]);
      let sum = 0;
      for (let s = 0; s < k; s++) sum += Math.exp(logP[i * k + s] + lpi[s] - m);
      const lse = m + Math.log(sum);
      logPX += lse;
      for (let s = 0; s < k; s++) next[i * k + s] = Math.exp(logP[i * k + s] + lpi[s] - lse);
    }
    gamma = next;
    pi = new Float64Array(k);
    for (let i = 0; i < t; i++) for (let s = 0; s < k; s++) pi[s] += gamma[i * k + s];
    const total = pi.reduce((a, b) => a + b, 0);
    for (let s = 0; s < k; s++) pi[s] /= total;
    let reg = 0;
    for (let i = 0; i < k * d; i++) reg += Math.log(invL[i]) - invL[i] - alpha[i] ** 2 + 1;
    const value = logPX + Fb * 0.5 * reg;
    elbo.push(value);
    if (iter > 0 && value - elbo[iter - 1] < epsilon) break;
  }
  return { gamma, pi, elbo, speakers: k };
}
