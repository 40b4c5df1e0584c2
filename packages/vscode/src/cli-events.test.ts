import { describe, expect, it } from 'vitest';
import { CliLineParser, parseCliLine, ProgressIncrements, progressMessage, type CliEvent } from './cli-events.js';

describe('parseCliLine', () => {
  it('reads each jsonl event type', () => {
    expect(
      parseCliLine(
        '{"type":"progress","stage":"asr","progress":0.42,"stageProgress":0.5,"etaSeconds":10,"file":"a.wav"}',
      ),
    ).toEqual({
      type: 'progress',
      stage: 'asr',
      progress: 0.42,
      stageProgress: 0.5,
      etaSeconds: 10,
      file: 'a.wav',
    });
    expect(parseCliLine('{"type":"segment","file":"a.wav","start":0,"end":1.5,"text":" hi"}')).toMatchObject({
      type: 'segment',
      text: ' hi',
    });
    expect(
      parseCliLine('{"type":"file-done","file":"a.wav","outputs":["/t/a.md"],"language":"en","duration":11}'),
    ).toEqual({
      type: 'file-done',
      file: 'a.wav',
      outputs: ['/t/a.md'],
      language: 'en',
      duration: 11,
    });
    expect(parseCliLine('{"type":"error","message":"boom","kind":"model","exitCode":1}')).toEqual({
      type: 'error',
      message: 'boom',
      kind: 'model',
      exitCode: 1,
    });
    expect(parseCliLine('{"type":"log","message":"loading"}')).toEqual({ type: 'log', message: 'loading' });
  });

  it('clamps progress into 0..1 and fills error defaults', () => {
    expect(parseCliLine('{"type":"progress","stage":"vad","progress":1.7}')).toMatchObject({ progress: 1 });
    expect(parseCliLine('{"type":"error","message":"x"}')).toEqual({
      type: 'error',
      message: 'x',
      kind: 'internal',
      exitCode: 1,
    });
  });

  it('keeps other lines as text, and skips blank ones', () => {
    expect(parseCliLine('whisperx: error: bad flag')).toEqual({ type: 'text', line: 'whisperx: error: bad flag' });
    expect(parseCliLine('{not json')).toEqual({ type: 'text', line: '{not json' });
    expect(parseCliLine('{"type":"progress","stage":"asr"}')).toEqual({
      type: 'text',
      line: '{"type":"progress","stage":"asr"}',
    });
    expect(parseCliLine('{"type":"file-done","file":"a","outputs":[1]}')?.type).toBe('text');
    expect(parseCliLine('[1,2]')).toEqual({ type: 'text', line: '[1,2]' });
    expect(parseCliLine('   ')).toBeUndefined();
  });
});

describe('CliLineParser', () => {
  it('splits chunks that end mid-line and mid-character', () => {
    const events: CliEvent[] = [];
    const parser = new CliLineParser((e) => events.push(e));
    const bytes = Buffer.from(
      '{"type":"log","message":"naïve"}\r\n{"type":"progress","stage":"asr","progress":0.5}\npartial tail',
      'utf8',
    );
    const cut = bytes.indexOf(0xc3) + 1; // inside the two-byte "ï"
    parser.push(bytes.subarray(0, cut));
    expect(events).toEqual([]);
    parser.push(bytes.subarray(cut, cut + 40));
    parser.push(bytes.subarray(cut + 40));
    expect(events).toEqual([
      { type: 'log', message: 'naïve' },
      { type: 'progress', stage: 'asr', progress: 0.5 },
    ]);
    parser.end();
    expect(events[2]).toEqual({ type: 'text', line: 'partial tail' });
  });
});

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
