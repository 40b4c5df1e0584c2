import { describe, expect, it } from 'vitest';
import { cleanDetail, decodeError, translateFfmpegFailure } from './decode-errors.js';

const wavHead = new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt ');
const textHead = new TextEncoder().encode('hello, these are notes\n');
const url = 'file:/tmp/x/a b.mp3';

describe('decode errors', () => {
  it('are one line, name the file (quoted, escaped) and have kind input', () => {
    const err = decodeError('we\nird "name".mp3', 'missing');
    expect(err.kind).toBe('input');
    expect(err.message).toBe('Cannot read "we\\nird \\"name\\".mp3": no such file. Check the path.');
  });

  it('translate ffmpeg stderr into reasons', () => {
    const t = (stderr: string, head: Uint8Array = wavHead): string =>
      translateFfmpegFailure('a b.mp3', url, stderr, head, 1).message;
    expect(t(`${url}: No such file or directory`)).toMatch(/no such file/);
    expect(t(`${url}: Is a directory`)).toMatch(/is a directory/);
    expect(t(`${url}: Permission denied`)).toMatch(/permission denied\)\. Check the file's permissions/);
    expect(t('Output file #0 does not contain any stream')).toMatch(/no audio stream/);
    expect(t('[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ac53f519c0] moov atom not found\nfoo: Invalid data')).toMatch(
      /corrupt or truncated \(moov atom not found\)/,
    );
    expect(
      t(`[wav @ 0x5637b632a9c0] Invalid sample rate: -1\n${url}: Invalid data found when processing input`),
    ).toMatch(/corrupt or truncated \(Invalid sample rate: -1\)/);
    expect(t(`${url}: Invalid data found when processing input`, textHead)).toMatch(
      /not an audio or video file \(it looks like text\)/,
    );
    expect(t('', new Uint8Array(0))).toMatch(/empty/);
    expect(t(`${url}: Invalid data found`)).not.toContain('/tmp/x');
  });

  it('clean details to a short line', () => {
    expect(cleanDetail('[mp3 @ 0xdeadbeef] a\n  b.  ')).toBe('a b');
    expect(cleanDetail('x'.repeat(300)).length).toBe(140);
  });
});
