import { describe, expect, it } from 'vitest';
import { expectedTimestamps, kitAudio, vadTimestampsCases } from './__fixtures__/kit-vad.js';
import { detectSpeech, detectSpeechWindows, mergeChunks, SileroVad } from './index.js';
import type { VadMethod } from './index.js';

function whisperxCase(model: 'silero_v5' | 'silero_v6.2', audioFile: string) {
  const c = vadTimestampsCases.find(
    (x) => x.model === model && x.audio.file === audioFile && x.id.endsWith('/whisperx_max30s'),
  );
  if (!c) throw new Error(`no whisperx_max30s case for ${model} ${audioFile}`);
  return c;
}

describe('detectSpeech', () => {
  it("'silero_v5' gives WhisperX's Silero regions in seconds (kit whisperx_max30s)", async () => {
    const c = whisperxCase('silero_v5', 'audio/jfk.wav');
    const regions = await detectSpeech(kitAudio(c.audio), { method: 'silero_v5' });
    expect(regions).toEqual(expectedTimestamps(c).map((s) => ({ start: s.start / 16000, end: s.end / 16000 })));
  });

  it("'silero' is v6.2 and matches its golden on the two-speaker file; windows merge them", async () => {
    const c = whisperxCase('silero_v6.2', 'audio/two-speakers.wav');
    const audio = kitAudio(c.audio);
    const expected = expectedTimestamps(c).map((s) => ({ start: s.start / 16000, end: s.end / 16000 }));
    const model = await SileroVad.load({ version: 'v6.2' });
    try {
      expect(await detectSpeech(audio, { method: 'silero', model })).toEqual(expected);
      expect(await detectSpeech(audio, { method: 'silero_v6' })).toEqual(expected);
      const windows = await detectSpeechWindows(audio, { model, chunkSize: 30 });
      expect(windows).toEqual(mergeChunks(expected, 30));
      for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(30);
      // the caller's model is not released: it still runs
      expect((await model.speechProbabilities(audio.subarray(0, 1024))).probs.length).toBe(2);
    } finally {
      await model.release();
    }
  });

  it('options reach get_speech_timestamps (a 5 s maximum splits the long regions)', async () => {
    const c = vadTimestampsCases.find((x) => x.id === 'vad_timestamps/two-speakers/v5/max5s');
    if (!c) throw new Error('kit case missing');
    const regions = await detectSpeech(kitAudio(c.audio), { method: 'silero_v5', maxSpeechDurationS: 5 });
    expect(regions).toEqual(expectedTimestamps(c).map((s) => ({ start: s.start / 16000, end: s.end / 16000 })));
  });

  it("'none' yields fixed 30 s windows over the whole audio", async () => {
    const audio = new Float32Array(16000 * 75);
    expect(await detectSpeech(audio, { method: 'none' })).toEqual([
      { start: 0, end: 30 },
      { start: 30, end: 60 },
      { start: 60, end: 75 },
    ]);
    expect(await detectSpeechWindows(audio, { method: 'none', chunkSize: 20 })).toHaveLength(4);
  });

  it('rejects unknown methods and bad chunk sizes with usage errors', async () => {
    await expect(detectSpeech(new Float32Array(10), { method: 'webrtc' as VadMethod })).rejects.toMatchObject({
      kind: 'usage',
    });
    await expect(detectSpeech(new Float32Array(10), { method: 'none', chunkSize: 0 })).rejects.toThrow(/chunk-size/);
  });
});
