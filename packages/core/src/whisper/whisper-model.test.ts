import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kitPath } from '../../../../test/helpers/kit.js';
import { WhisperxError } from '../errors.js';
import { FakeExecutor, type ScriptedLogits } from './__fixtures__/fake-executor.js';
import { parseGenerationDefaults } from './model-config.js';
import { WhisperTokenizer } from './tokenizer.js';
import { WhisperModel } from './whisper-model.js';

const dir = kitPath('whisper-mini');
const tokenizer = new WhisperTokenizer(
  JSON.parse(readFileSync(`${dir}/tokenizer.json`, 'utf8')),
  JSON.parse(readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
);
const defaults = parseGenerationDefaults(
  JSON.parse(readFileSync(`${dir}/config.json`, 'utf8')),
  JSON.parse(readFileSync(`${dir}/generation_config.json`, 'utf8')),
);
const V = 51865;
const s = tokenizer.special;
const THE = tokenizer.encode(' the')[0];
const HELLO = tokenizer.encode(' hello world');

/** window 0: " the" forever; window 1: " hello world" then EOT. The sot position favours no-speech by `noSpeechLogit`. */
function script(noSpeechLogit = 0): ScriptedLogits {
  return (window, history, out) => {
    out.fill(0);
    if (history.at(-1) === s.sot) out[s.noSpeech] = noSpeechLogit;
    const generated = history.length - history.lastIndexOf(s.noTimestamps) - 1;
    if (window === 0) out[THE] = 20;
    else out[generated < HELLO.length ? HELLO[generated] : s.eot] = 20;
  };
}
const mel = (...ids: number[]) => {
  const m = new Float32Array(ids.length * 3000);
  ids.forEach((id, b) => (m[b * 3000] = id));
  return m;
};
const model = (noSpeechLogit = 0) =>
  new WhisperModel(new FakeExecutor(V, script(noSpeechLogit), true), tokenizer, defaults);
const base = { language: 'en', withoutTimestamps: true, beamSize: 1, maxNewTokens: 30 } as const;

describe('WhisperModel.generate policy (fake executor)', () => {
  it('splits a pass into groups of at most maxDecoderRows rows with the same results', async () => {
    const options = { ...base, beamSize: 3, temperature: [0] };
    const whole = model();
    const expected = await whole.generate(mel(0, 1, 1, 0, 1), 5, options);
    expect(Math.max(...(whole.executor as FakeExecutor).steps.map((x) => x.rows))).toBe(15);
    const split = model();
    const got = await split.generate(mel(0, 1, 1, 0, 1), 5, { ...options, maxDecoderRows: 6 });
    expect(got).toEqual(expected);
    const rows = (split.executor as FakeExecutor).steps.map((x) => x.rows);
    expect(Math.max(...rows)).toBe(6); // 2 windows x 3 beams per group: [2, 2, 1]
    expect(rows.filter((r) => r === 3).length).toBeGreaterThan(0);
    // below one window's rows, each window still decodes whole
    const one = model();
    expect(await one.generate(mel(0, 1, 1, 0, 1), 5, { ...options, maxDecoderRows: 1 })).toEqual(expected);
    expect(Math.max(...(one.executor as FakeExecutor).steps.map((x) => x.rows))).toBe(3);
  });

  it('falls back to higher temperatures only for windows that fail the thresholds', async () => {
    const m = model();
    const exec = m.executor as FakeExecutor;
    const [rep, ok] = await m.generate(mel(0, 1), 2, { ...base, temperature: [0, 0.2, 0.4], bestOf: 3, seed: 1 });
    expect(ok.temperature).toBe(0);
    expect(ok.text).toBe(' hello world');
    expect(ok.tokens).toEqual(HELLO);
    expect(ok.endedWithEos).toBe(true);
    expect(ok.compressionRatio).toBeLessThan(2.4);
    expect(ok.avgLogprob).toBeGreaterThan(-0.01);
    expect(rep.temperature).toBe(0.4);
    expect(rep.compressionRatio).toBeGreaterThan(2.4);
    expect(rep.tokens).toHaveLength(30);
    expect(rep.endedWithEos).toBe(false);
    // later passes decode window 0 alone, bestOf rows
    expect(exec.steps[0]).toEqual({ rows: 2, tokensPerRow: 1 }); // <|startoftranscript|> alone: no-speech position
    expect(exec.steps[1]).toEqual({ rows: 2, tokensPerRow: 3 }); // language, task, notimestamps
    expect(exec.steps.filter((st) => st.tokensPerRow === 3).map((st) => st.rows)).toEqual([2, 3, 3]);
  });

  it('reports the no-speech probability at <|startoftranscript|> and does not retry silence', async () => {
    const m = model(25);
    const [r] = await m.generate(mel(0), 1, {
      ...base,
      temperature: [0, 0.5],
      logprobThreshold: 0,
      compressionRatioThreshold: null,
    });
    const expected = Math.exp(25) / (Math.exp(25) + Math.exp(20) + V - 2); // window 0 also favours " the"
    expect(r.noSpeechProb).toBeCloseTo(expected, 9);
    expect(r.temperature).toBe(0); // avgLogprob < 0 would retry, but no-speech > 0.6 marks silence
  });

  it('marks a window silent as openai/whisper skips it: no-speech above the threshold, logprob below its own', async () => {
    const silent = { ...base, temperature: [0], compressionRatioThreshold: null } as const;
    // no-speech ~0.99 and avgLogprob ~ -0.0 (confident " the"): a logprob threshold of -1 keeps the text
    const [confident] = await model(25).generate(mel(0), 1, { ...silent, logprobThreshold: -1 });
    expect(confident.noSpeechProb).toBeGreaterThan(0.6);
    expect(confident.silent).toBe(false);
    // the same window with a threshold above its logprob is silence; no threshold at all too
    const [quiet] = await model(25).generate(mel(0), 1, { ...silent, logprobThreshold: 0 });
    expect(quiet.silent).toBe(true);
    const [noLogprobCheck] = await model(25).generate(mel(0), 1, { ...silent, logprobThreshold: null });
    expect(noLogprobCheck.silent).toBe(true);
    // the check is off with noSpeechThreshold null, and never fires when no-speech is low
    const [off] = await model(25).generate(mel(0), 1, { ...silent, logprobThreshold: 0, noSpeechThreshold: null });
    expect(off.silent).toBe(false);
    const [speech] = await model(0).generate(mel(1), 1, { ...silent, logprobThreshold: 0 });
    expect(speech.silent).toBe(false);
  });

  it('puts the initial prompt (last 223 tokens) and hotwords before <|startoftranscript|>', async () => {
    const m = model();
    const exec = m.executor as FakeExecutor;
    const [r] = await m.generate(mel(1), 1, { ...base, temperature: 0, initialPrompt: '  hello world ' });
    expect(r.prompt).toEqual([s.sotPrev, ...HELLO, s.sot, tokenizer.languageToken('en'), s.transcribe, s.noTimestamps]);
    expect(exec.steps[0].tokensPerRow).toBe(HELLO.length + 2);
    const long = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ');
    const [t] = await m.generate(mel(1), 1, { ...base, temperature: 0, initialPrompt: long });
    const sot = t.prompt.indexOf(s.sot);
    expect(sot).toBe(224);
    expect(t.prompt.slice(1, sot)).toEqual(tokenizer.encode(` ${long}`).slice(-223));
    const [h] = await m.generate(mel(1), 1, { ...base, temperature: 0, hotwords: 'Kubernetes', initialPrompt: 'hi' });
    expect(h.prompt.slice(0, h.prompt.indexOf(s.sot))).toEqual([
      s.sotPrev,
      ...tokenizer.encode(' Kubernetes'),
      ...tokenizer.encode(' hi'),
    ]);
  });

  it('suppresses numerals and symbols on request', async () => {
    const five = tokenizer.encode(' 5')[0];
    const exec = new FakeExecutor(V, (_w, history, out) => {
      out.fill(0);
      out[five] = 20;
      out[THE] = 10;
      if (history.length > 8) out[s.eot] = 30;
    });
    const m = new WhisperModel(exec, tokenizer, defaults);
    const [plain] = await m.generate(new Float32Array(3000), 1, { ...base, temperature: 0 });
    expect(plain.tokens).toContain(five);
    const [clean] = await m.generate(new Float32Array(3000), 1, { ...base, temperature: 0, suppressNumerals: true });
    expect(clean.tokens).not.toContain(five);
    expect(clean.tokens[0]).toBe(THE);
    expect(tokenizer.numeralSymbolTokens()).toContain(five);
  });

  it('parses timestamp segments and keeps batch results equal to one-by-one', async () => {
    const tsScript: ScriptedLogits = (window, history, out) => {
      out.fill(0);
      const gen = history.slice(history.lastIndexOf(s.transcribe) + 1);
      const plan = [
        s.timestampBegin + 5 * window,
        THE,
        THE,
        s.timestampBegin + 50,
        s.timestampBegin + 50,
        HELLO[0],
        s.timestampBegin + 80,
        s.eot,
      ];
      out[plan[Math.min(gen.length, plan.length - 1)]] = 20;
    };
    const m = new WhisperModel(new FakeExecutor(V, tsScript, true), tokenizer, defaults);
    const opts = { language: 'en', beamSize: 1, temperature: 0, maxNewTokens: 20 };
    const batch = await m.generate(mel(0, 1), 2, opts);
    const one = await m.generate(mel(1), 1, opts);
    expect(one[0]).toEqual(batch[1]);
    expect(batch[1].segments.map((g) => [g.start, g.end, g.text])).toEqual([
      [0.1, 1, ' the the'],
      [1, 1.6, ' hello'],
    ]);
  });

  it('gives an empty text, not an error, for a window that decodes no text token', async () => {
    // window 0 repeats a language token (not suppressed, special: no text), as the random-weight
    // small model did in the bench; the tokenizer library throws on an empty id list
    const DE = tokenizer.languageToken('de');
    const special: ScriptedLogits = (window, history, out) => {
      out.fill(0);
      const generated = history.length - history.lastIndexOf(s.noTimestamps) - 1;
      out[window === 0 ? DE : generated < HELLO.length ? HELLO[generated] : s.eot] = 20;
    };
    for (const options of [base, { ...base, beamSize: 3 }, { ...base, withoutTimestamps: false }]) {
      const m = new WhisperModel(new FakeExecutor(V, special, true), tokenizer, defaults);
      const [empty, speech] = await m.generate(mel(0, 1), 2, { ...options, temperature: [0] });
      expect(empty.tokens).toContain(DE);
      expect(empty.text).toBe('');
      expect(speech.tokens.length).toBeGreaterThan(0);
    }
    expect(tokenizer.decode([])).toBe('');
    expect(tokenizer.decode([s.eot, DE, s.timestampBegin], { skipSpecial: true })).toBe('');
  });

  it('rejects bad options and honours an abort signal', async () => {
    const m = model();
    await expect(m.generate(mel(1), 1, { ...base, beamSize: 0 })).rejects.toThrow(/beamSize/);
    await expect(m.generate(mel(1), 1, { ...base, language: 'klingon' })).rejects.toThrow(WhisperxError);
    await expect(m.generate(mel(1), 2, base)).rejects.toThrow(/batch 2/);
    await expect(m.generate(mel(1), 1, { ...base, maxNewTokens: 500 })).rejects.toThrow(/maxNewTokens 500/);
    const controller = new AbortController();
    controller.abort();
    await expect(m.generate(mel(1), 1, { ...base, signal: controller.signal })).rejects.toMatchObject({
      kind: 'aborted',
    });
  });
});
