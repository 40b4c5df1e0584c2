import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandNamePattern, keepBothPath, outputFolderFor, outputPathFor } from './output-naming.js';

const media = path.resolve('/work/notes/interviews/alice 2024.mp4');
const day = new Date(2025, 2, 7);

describe('expandNamePattern', () => {
  it('expands ${name}, ${ext} and ${date}', () => {
    expect(expandNamePattern('${name}.transcript', media, day)).toBe('alice 2024.transcript');
    expect(expandNamePattern('${date} ${name} (${ext})', media, day)).toBe('2025-03-07 alice 2024 (mp4)');
    expect(expandNamePattern('${name}', '/a/no-extension', day)).toBe('no-extension');
  });

  it('rejects unknown variables, empty names and characters not allowed in file names', () => {
    expect(() => expandNamePattern('${title}', media, day)).toThrow(
      /whisperx\.outputNamePattern.*unknown variable \$\{title\}/,
    );
    expect(() => expandNamePattern('  ', media, day)).toThrow(/empty file name/);
    expect(() => expandNamePattern('sub/${name}', media, day)).toThrow(/not allowed in a file name/);
    expect(() => expandNamePattern('${name}?', media, day, 'whisperx.subtitleNamePattern')).toThrow(
      /^whisperx\.subtitleNamePattern/,
    );
  });
});

describe('output location', () => {
  it('puts outputs beside the media by default', () => {
    expect(
      outputPathFor(media, 'md', { outputFolder: '', namePattern: '${name}.transcript', workspaceFolder: '/work' }),
    ).toBe(path.resolve('/work/notes/interviews/alice 2024.transcript.md'));
    expect(outputPathFor(media, 'srt', { outputFolder: '', namePattern: '${name}', workspaceFolder: undefined })).toBe(
      path.resolve('/work/notes/interviews/alice 2024.srt'),
    );
  });

  it('resolves a relative output folder from the workspace folder, and keeps an absolute one', () => {
    expect(outputFolderFor(media, 'transcripts', path.resolve('/work'))).toBe(path.resolve('/work/transcripts'));
    expect(outputFolderFor(media, 'transcripts', undefined)).toBe(path.resolve('/work/notes/interviews/transcripts'));
    expect(outputFolderFor(media, path.resolve('/srv/out'), '/work')).toBe(path.resolve('/srv/out'));
  });
});

describe('keepBothPath', () => {
  it('numbers the name until it is free', async () => {
    const taken = new Set([path.resolve('/t/a.transcript (2).md'), path.resolve('/t/a.transcript (3).md')]);
    expect(await keepBothPath(path.resolve('/t/a.transcript.md'), async (p) => taken.has(p))).toBe(
      path.resolve('/t/a.transcript (4).md'),
    );
    expect(await keepBothPath(path.resolve('/t/a.srt'), async () => false)).toBe(path.resolve('/t/a (2).srt'));
  });
});
