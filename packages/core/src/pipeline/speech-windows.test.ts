import { describe, expect, it } from 'vitest';
import { kitPath, readKitWav } from '../../../../test/helpers/kit.js';
import { asSampleSource } from '../audio/sample-source.js';
import { createSpeechDetector, PIPELINE_SPEECH_PAD_MS } from './speech-windows.js';

// Real Whisper base on Debian's asterisk prompts lost word onsets with Silero's 30 ms padding
// ("star" -> "darr", "seventy" -> "7D"): the pipeline pads speech by 400 ms unless told otherwise.
describe('createSpeechDetector (silero)', () => {
  const audio = readKitWav(kitPath('audio/librivox/sense_and_sensibility_01_austen_64kb-0880.wav'));

  async function windows(speechPadMs?: number) {
    const detector = await createSpeechDetector('silero', { thread: 'caller', speechPadMs });
    try {
      return await detector.windows(asSampleSource(audio), { chunkSize: 30 });
    } finally {
      await detector.release();
    }
  }

  it('pads speech by PIPELINE_SPEECH_PAD_MS by default, wider than Silero`s 30 ms', async () => {
    expect(PIPELINE_SPEECH_PAD_MS).toBe(400);
    const byDefault = await windows();
    expect(byDefault).toEqual(await windows(400));
    const tight = await windows(30);
    expect(byDefault.length).toBeGreaterThan(0);
    // same speech, each side widened by the extra 370 ms (clamped to the file)
    expect(byDefault[0].start).toBeCloseTo(Math.max(0, tight[0].start - 0.37), 2);
    const last = byDefault.length - 1;
    expect(byDefault[last].end).toBeCloseTo(Math.min(audio.length / 16000, tight[tight.length - 1].end + 0.37), 2);
  });
});
