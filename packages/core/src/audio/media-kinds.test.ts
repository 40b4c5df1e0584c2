import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test/helpers/kit.js';
import { isMediaPath, isTruncatedIsoBmff, MEDIA_EXTENSIONS, mediaExtension, sniffMediaKind } from './media-kinds.js';

const media = (name: string): Uint8Array => readFileSync(path.join(REPO_ROOT, 'test/fixtures/media', name));

describe('media extensions', () => {
  it('lists the audio and video extensions', () => {
    for (const ext of [
      'wav',
      'mp3',
      'm4a',
      'aac',
      'flac',
      'ogg',
      'oga',
      'opus',
      'webm',
      'mp4',
      'mov',
      'mkv',
      'avi',
      'wma',
    ]) {
      expect(MEDIA_EXTENSIONS).toContain(ext);
    }
  });
  it('isMediaPath is case-insensitive and ignores the rest of the name', () => {
    expect(isMediaPath('/a/b/Talk.MP3')).toBe(true);
    expect(isMediaPath('clip.final.mkv')).toBe(true);
    expect(isMediaPath('C:\\x\\y.Wav')).toBe(true);
    expect(isMediaPath('notes.md')).toBe(false);
    expect(isMediaPath('mp3')).toBe(false);
    expect(isMediaPath('archive.mp3.zip')).toBe(false);
    expect(mediaExtension('x/y.OPUS')).toBe('opus');
  });
});

describe('sniffMediaKind', () => {
  it('recognises the fixture containers from their first bytes', () => {
    const cases: Record<string, string> = {
      'speech-16k-s16.wav': 'wav',
      'speech.flac': 'flac',
      'speech.mp3': 'mp3',
      'speech.ogg': 'ogg',
      'speech.opus': 'ogg',
      'speech.webm': 'matroska',
      'video-h264-vorbis.mkv': 'matroska',
      'speech.m4a': 'isobmff',
      'video-h264-aac.mp4': 'isobmff',
      'video-h264-aac.mov': 'isobmff',
      'not-media.mp3': 'text',
      'empty.wav': 'unknown',
    };
    for (const [name, kind] of Object.entries(cases))
      expect([name, sniffMediaKind(media(name).subarray(0, 4096))]).toEqual([name, kind]);
  });
  it('calls random binary unknown', () => {
    expect(sniffMediaKind(new Uint8Array([0, 1, 2, 3, 4, 5, 0, 0]))).toBe('unknown');
  });
});

describe('isTruncatedIsoBmff', () => {
  it('accepts whole files and rejects cut ones', () => {
    expect(isTruncatedIsoBmff(media('speech.m4a'))).toBe(false);
    expect(isTruncatedIsoBmff(media('video-no-audio.mp4'))).toBe(false);
    expect(isTruncatedIsoBmff(media('truncated.m4a'))).toBe(true);
  });
});
