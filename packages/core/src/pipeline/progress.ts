/**
 * Progress for a whole run: stages are weighted so the overall fraction is monotonic from 0
 * to 1 across files and stages, with an ETA from the elapsed time.
 */

export type StageName = 'load' | 'decode' | 'vad' | 'asr' | 'align' | 'diarize' | 'write';

export interface ProgressEvent {
  /** Stage now running. */
  stage: StageName;
  /** 0..1 over the whole run; never decreases. */
  progress: number;
  /** 0..1 within the current stage of the current file. */
  stageProgress: number;
  /** Seconds left, estimated from the elapsed time (undefined until 2% done). */
  etaSeconds?: number;
  /** The file being worked on, when known. */
  file?: string;
  /** 0-based index of that file, and the number of files. */
  fileIndex?: number;
  fileCount?: number;
  /** A short human message (e.g. "downloading encoder_model.onnx"). */
  message?: string;
}

export type ProgressCallback = (event: ProgressEvent) => void;

/** Relative cost of each stage (per file), used to weight the overall fraction. */
export const STAGE_WEIGHTS: Record<StageName, number> = {
  load: 0.02,
  decode: 0.03,
  vad: 0.05,
  asr: 0.6,
  align: 0.15,
  diarize: 0.15,
  write: 0.01,
};

/**
 * Tracks a plan of (file, stage) steps. `report(stage, fraction)` maps the fraction of that
 * step onto the overall scale; values are clamped so the overall progress never goes back.
 */
export class ProgressTracker {
  private readonly offsets = new Map<string, { start: number; weight: number }>();
  private last = 0;
  private readonly started = Date.now();

  constructor(
    private readonly callback: ProgressCallback | undefined,
    stages: readonly StageName[],
    private readonly files: readonly string[],
  ) {
    // Stage-major order: every file's stage s before any file's stage s+1.
    const total = stages.reduce((a, s) => a + STAGE_WEIGHTS[s], 0) * Math.max(1, files.length);
    let at = 0;
    for (const stage of stages) {
      for (let f = 0; f < Math.max(1, files.length); f++) {
        const weight = STAGE_WEIGHTS[stage] / total;
        this.offsets.set(`${stage}:${f}`, { start: at, weight });
        at += weight;
      }
    }
  }

  report(stage: StageName, fileIndex: number, stageProgress: number, message?: string): void {
    if (!this.callback) return;
    const slot = this.offsets.get(`${stage}:${fileIndex}`);
    const frac = Math.min(1, Math.max(0, Number.isFinite(stageProgress) ? stageProgress : 0));
    const overall = slot ? slot.start + slot.weight * frac : this.last;
    this.last = Math.min(1, Math.max(this.last, overall));
    const elapsed = (Date.now() - this.started) / 1000;
    const etaSeconds = this.last >= 0.02 ? (elapsed * (1 - this.last)) / this.last : undefined;
    this.callback({
      stage,
      progress: this.last,
      stageProgress: frac,
      etaSeconds,
      file: this.files[fileIndex],
      fileIndex,
      fileCount: this.files.length,
      message,
    });
  }

  /** A callback for one (stage, file) step, for APIs taking `onProgress(fraction)`. */
  step(stage: StageName, fileIndex: number): (fraction: number, message?: string) => void {
    return (fraction, message) => this.report(stage, fileIndex, fraction, message);
  }
}
