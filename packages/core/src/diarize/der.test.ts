import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { main } from './der-cli.js';
import { diarizationErrorRate, formatRttm, hungarian, parseRttm } from './der.js';

interface DerCases {
  ref: string;
  cases: {
    name: string;
    collar: number;
    skipOverlap: boolean;
    hyp: string;
    expected: { scored: number; missed: number; falseAlarm: number; confusion: number; derPercent: number };
  }[];
}

const fixtures = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test/fixtures/diarize/der-cases.json'), 'utf8'),
) as DerCases;

describe('DER equals NIST md-eval', () => {
  const ref = parseRttm(fixtures.ref);
  for (const c of fixtures.cases) {
    it(`${c.name} collar=${c.collar}${c.skipOverlap ? ' skip-overlap' : ''}`, () => {
      const r = diarizationErrorRate(ref, parseRttm(c.hyp), { collar: c.collar, skipOverlap: c.skipOverlap });
      // md-eval prints 6 decimals (patched format): compare to that precision.
      expect(r.scored).toBeCloseTo(c.expected.scored, 5);
      expect(r.missed).toBeCloseTo(c.expected.missed, 5);
      expect(r.falseAlarm).toBeCloseTo(c.expected.falseAlarm, 5);
      expect(r.confusion).toBeCloseTo(c.expected.confusion, 5);
      expect(100 * r.der).toBeCloseTo(c.expected.derPercent, 5);
    });
  }
});

describe('der helpers', () => {
  it('hungarian finds the optimal assignment on a rectangular matrix', () => {
    expect(
      hungarian([
        [4, 1, 3],
        [2, 0, 5],
      ]),
    ).toEqual([1, 0]);
    expect(hungarian([[1], [0], [5]])).toEqual([-1, 0, -1]);
  });

  it('formatRttm round-trips through parseRttm', () => {
    const text = formatRttm([{ start: 1.5, end: 2.25, speaker: 'SPEAKER_00' }], 'uri');
    expect(parseRttm(text)).toEqual([{ file: 'uri', channel: '1', start: 1.5, duration: 0.75, speaker: 'SPEAKER_00' }]);
  });

  it('rejects malformed RTTM with a message naming the line', () => {
    expect(() => parseRttm('SPEAKER x 1 abc 1.0 <NA> <NA> s1', 'f.rttm')).toThrow(/f\.rttm line 1/);
  });

  it('der-cli main prints md-eval style numbers and JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'der-cli-'));
    const refPath = path.join(dir, 'ref.rttm');
    const hypPath = path.join(dir, 'hyp.rttm');
    writeFileSync(refPath, fixtures.ref);
    const c = fixtures.cases.find((x) => x.name === 'merged-one-speaker' && x.collar === 0.25 && !x.skipOverlap)!;
    writeFileSync(hypPath, c.hyp);
    let out = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true } };
    expect(main(['--ref', refPath, '--hyp', hypPath, '--collar', '0.25'], io)).toBe(0);
    expect(out).toContain(`OVERALL SPEAKER DIARIZATION ERROR = ${c.expected.derPercent.toFixed(2)} percent`);
    out = '';
    expect(main(['-r', refPath, '-s', hypPath, '-c', '0.25', '--json'], io)).toBe(0);
    expect(JSON.parse(out).der * 100).toBeCloseTo(c.expected.derPercent, 5);
    let err = '';
    const bad = { stdout: { write: () => true }, stderr: { write: (t: string) => (err += t) } };
    expect(main(['--ref', refPath], bad)).toBe(2);
    expect(err).toMatch(/--hyp are required/);
  });
});
