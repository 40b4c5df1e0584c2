import { describe, expect, it } from 'vitest';
import { ProgressIncrements, progressMessage } from './progress-message.js';

describe('progress display', () => {
  it('turns absolute fractions into non-negative increments that sum to at most 100', () => {
    const inc = new ProgressIncrements();
    expect(inc.next(0.25)).toBeCloseTo(25);
    expect(inc.next(0.2)).toBe(0);
    expect(inc.next(0.5)).toBeCloseTo(25);
    expect(inc.next(1.4)).toBeCloseTo(50);
    expect(inc.next(1)).toBe(0);
  });

  it('names the stage, percentage, file and time left', () => {
    expect(progressMessage({ type: 'progress', stage: 'asr', progress: 0.424, etaSeconds: 9.6 }, 'jfk.wav')).toBe(
      'jfk.wav: Transcribing 42%, about 10 s left',
    );
    expect(
      progressMessage({ type: 'progress', stage: 'align', progress: 0.5, etaSeconds: 125, fileIndex: 1, fileCount: 3 }),
    ).toBe('(2/3): Aligning words 50%, about 2 min 5 s left');
    expect(
      progressMessage({ type: 'progress', stage: 'load', progress: 0, message: 'downloading encoder_model.onnx' }),
    ).toBe('Loading model 0% (downloading encoder_model.onnx)');
  });
});
