import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { batchLine, createProgressDisplay } from './progress-display.js';
import {
  CliLineParser,
  formatCliEvent,
  LineSplitter,
  parseCliLine,
  type CliEvent,
  type CliJsonEvent,
} from './protocol.js';

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
    expect(parseCliLine('{"type":"progress","stage":"asr","progress":0.42,"etaSeconds":12}')).toEqual({
      type: 'progress',
      stage: 'asr',
      progress: 0.42,
      etaSeconds: 12,
      message: undefined,
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
    expect(
      parseCliLine('{"type":"file-done","file":"/a.wav","outputs":["/o/a.md"],"language":"en","duration":2.5}'),
    ).toEqual({ type: 'file-done', file: '/a.wav', outputs: ['/o/a.md'], language: 'en', duration: 2.5 });
    expect(parseCliLine('{"type":"error","message":"boom","kind":"model","exitCode":1}')).toEqual({
      type: 'error',
      message: 'boom',
      kind: 'model',
      exitCode: 1,
    });
    expect(parseCliLine('{"type":"error","message":"bad","kind":"model","exitCode":1}')).toEqual({
      type: 'error',
      message: 'bad',
      kind: 'model',
      exitCode: 1,
    });
    expect(parseCliLine('{"type":"log","message":"loading"}')).toEqual({ type: 'log', message: 'loading' });
    expect(parseCliLine('{"type":"log","message":"hi"}')).toEqual({ type: 'log', message: 'hi' });
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
    expect(parseCliLine('{"type":"file-done","file":"/a.wav","outputs":["/o/a.md",3]}')?.type).toBe('text');
    expect(parseCliLine('[1,2]')).toEqual({ type: 'text', line: '[1,2]' });
    for (const line of ['Error: boom', '{"type":"progress"}', '{"type":"other"}', '{not json', '[1,2]']) {
      expect(parseCliLine(line)).toEqual({ type: 'text', line });
    }
    expect(parseCliLine('   ')).toBeUndefined();
  });

  it('reads back every event the CLI writes', () => {
    const written: CliJsonEvent[] = [
      {
        type: 'progress',
        stage: 'align',
        progress: 0.5,
        stageProgress: 0.25,
        etaSeconds: 3,
        file: 'a.wav',
        fileIndex: 0,
        fileCount: 2,
        message: 'm',
      },
      { type: 'segment', file: 'a.wav', start: 0, end: 1.5, text: ' hi' },
      { type: 'file-done', file: 'a.wav', outputs: ['/t/a.srt'], language: 'en', duration: 11 },
      { type: 'error', message: 'boom', kind: 'model', exitCode: 1 },
      { type: 'log', message: 'loading' },
    ];
    for (const event of written) {
      const line = formatCliEvent(event);
      expect(line.endsWith('\n')).toBe(true);
      expect(parseCliLine(line.slice(0, -1))).toEqual(event);
    }
  });
});

describe('the jsonl progress display', () => {
  it('writes lines that parse back to the events it was given', () => {
    const events: CliEvent[] = [];
    const parser = new CliLineParser((e) => events.push(e));
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        parser.push(chunk);
        done();
      },
    });
    const display = createProgressDisplay('jsonl', stream);
    display.update({ stage: 'asr', progress: 0.25, stageProgress: 0.5, etaSeconds: 7, fileIndex: 0, fileCount: 1 });
    display.event({ type: 'segment', file: 'a.wav', start: 1, end: 2, text: ' hello' });
    display.event({ type: 'file-done', file: 'a.wav', outputs: ['/o/a.srt'], language: 'de', duration: 3 });
    display.event({ type: 'error', message: 'bad', kind: 'input', exitCode: 1 });
    display.log('a line');
    parser.end();
    expect(events).toEqual([
      { type: 'progress', stage: 'asr', progress: 0.25, stageProgress: 0.5, etaSeconds: 7, fileIndex: 0, fileCount: 1 },
      { type: 'segment', file: 'a.wav', start: 1, end: 2, text: ' hello' },
      { type: 'file-done', file: 'a.wav', outputs: ['/o/a.srt'], language: 'de', duration: 3 },
      { type: 'error', message: 'bad', kind: 'input', exitCode: 1 },
      { type: 'log', message: 'a line' },
    ]);
  });
});

describe('LineSplitter', () => {
  it('reassembles lines split across chunks, including a split UTF-8 character', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('{"type":"log","message":"caf\u00e9"}\r\nsecond\n\nthird');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two-byte é
    s.push(bytes.subarray(0, cut));
    s.push(bytes.subarray(cut));
    expect(lines).toEqual(['{"type":"log","message":"caf\u00e9"}', 'second']);
    s.end();
    expect(lines.at(-1)).toBe('third');
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

describe('batch events', () => {
  it('round-trip, with the failed file when there is one; a batch event missing a count is text', () => {
    const event = {
      type: 'batch' as const,
      filesDone: 3,
      filesFailed: 1,
      filesSkipped: 2,
      filesTotal: 10,
      audioSecondsDone: 3600,
      audioSecondsTotal: 36000,
      etaSeconds: 120,
      failed: { file: 'x.mp3', message: 'Cannot decode x.mp3' },
    };
    expect(parseCliLine(formatCliEvent(event))).toEqual(event);
    const { failed: _f, etaSeconds: _e, ...plain } = event;
    expect(parseCliLine(formatCliEvent(plain))).toEqual(plain);
    expect(parseCliLine('{"type":"batch","filesDone":1}')).toEqual({
      type: 'text',
      line: '{"type":"batch","filesDone":1}',
    });
  });

  it('read as a line in the human modes', () => {
    const line = batchLine({
      type: 'batch',
      filesDone: 3,
      filesFailed: 1,
      filesSkipped: 2,
      filesTotal: 10,
      audioSecondsDone: 3725,
      audioSecondsTotal: 36000,
      etaSeconds: 125,
      failed: { file: 'x.mp3', message: 'bad' },
    });
    expect(line).toBe('✗ x.mp3: bad\nbatch 6/10 files (1 failed, 2 up to date), 1:02:05 of 10:00:00 audio eta 2m05s');
  });
});
