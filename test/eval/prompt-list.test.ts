import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module of the eval scripts, no types
import { parsePromptList, spread } from '../../scripts/eval/prompt-list.mjs';

const parse = (text: string, has?: (name: string) => boolean): Map<string, string> => parsePromptList(text, has);

describe('eval:data prompt lists (core-sounds-XX.txt)', () => {
  it('reads name: text lines and skips comments, tones and prompts without audio', () => {
    const list = [
      '; comment line',
      '  indented: not a prompt',
      'beep: [this is a simple beep tone]',
      'hello-world: Hello world! [pause] ',
      'digits/1: one',
      'silence/1: ',
      'missing: no audio for me',
      'agent-pass:Please enter your password, followed by the pound key.',
    ].join('\r\n');
    const texts = parse(list, (name) => name !== 'missing');
    expect([...texts]).toEqual([
      ['hello-world', 'Hello world!'],
      ['digits/1', 'one'],
      ['agent-pass', 'Please enter your password, followed by the pound key.'],
    ]);
  });

  it('leaves out a name listed with two different texts, keeps one listed twice with the same text', () => {
    const list = ['digits/0: cero', 'digits/1: uno', 'digits/0: diez', 'digits/2: dos', 'digits/2: dos'].join('\n');
    expect([...parse(list)]).toEqual([
      ['digits/1', 'uno'],
      ['digits/2', 'dos'],
    ]);
    // a third listing does not bring the name back
    expect(parse(`${list}\ndigits/0: cero`).has('digits/0')).toBe(false);
  });

  it('spreads n rows evenly, in order, and keeps short lists whole', () => {
    const rows = Array.from({ length: 10 }, (_, i) => i);
    expect(spread(rows, 4)).toEqual([0, 2, 5, 7]);
    expect(spread(rows, 10)).toEqual(rows);
    expect(spread([1, 2], 25)).toEqual([1, 2]);
  });
});
