/** Unit behaviour of options, JSON, Markdown escaping and edge cases not covered by fixtures. */
import { describe, expect, it } from 'vitest';
import { isWhisperxError } from '../errors.js';
import type { TranscriptResult } from '../transcript.js';
import { formatTranscript, OUTPUT_FORMATS } from './format-transcript.js';
import { escapeMarkdownText } from './markdown-escape.js';
import { resolveWriterOptions, writerOptionWarnings } from './writer-options.js';

const empty: TranscriptResult = { segments: [], language: 'en' };

describe('writer options', () => {
  it('defaults to WhisperX defaults', () => {
    expect(resolveWriterOptions()).toEqual({
      maxLineWidth: null,
      maxLineCount: null,
      highlightWords: false,
      mdWordTimestamps: false,
    });
  });
  it('rejects non-positive or fractional line limits with a usage error naming the flag', () => {
    for (const bad of [0, -3, 2.5, Number.NaN]) {
      try {
        resolveWriterOptions({ maxLineWidth: bad });
        expect.unreachable();
      } catch (error) {
        expect(isWhisperxError(error) && error.kind).toBe('usage');
        expect((error as Error).message).toContain('--max_line_width');
      }
    }
  });
  it('warns, like WhisperX, that max_line_count needs max_line_width', () => {
    expect(writerOptionWarnings({ maxLineCount: 2 })).toHaveLength(1);
    expect(writerOptionWarnings({ maxLineCount: 2, maxLineWidth: 30 })).toEqual([]);
  });
  it('gives max_line_count alone no effect on cues (width stays unlimited, segments kept)', () => {
    const result: TranscriptResult = {
      language: 'en',
      segments: [
        {
          start: 0,
          end: 2,
          text: ' a b',
          words: [
            { word: 'a', start: 0, end: 1 },
            { word: 'b', start: 1, end: 2 },
          ],
        },
      ],
    };
    expect(formatTranscript('srt', result, { maxLineCount: 1 })).toBe(formatTranscript('srt', result));
  });
});

describe('empty transcripts', () => {
  it('write the bare skeleton of each format', () => {
    expect(formatTranscript('txt', empty)).toBe('');
    expect(formatTranscript('srt', empty)).toBe('');
    expect(formatTranscript('vtt', empty)).toBe('WEBVTT\n\n');
    expect(formatTranscript('tsv', empty)).toBe('start\tend\ttext\n');
    expect(formatTranscript('aud', empty)).toBe('');
    expect(formatTranscript('json', empty)).toBe('{"segments": [], "language": "en"}');
    expect(formatTranscript('md', empty)).toBe(
      '# Transcript\n\n- **Language:** en\n\n*No speech in this transcript.*\n',
    );
  });
  it('knows all seven formats', () => {
    expect([...OUTPUT_FORMATS].sort()).toEqual(['aud', 'json', 'md', 'srt', 'tsv', 'txt', 'vtt']);
  });
});

describe('json', () => {
  it('writes non-finite numbers as null, skips undefined fields, keeps UTF-8 and escapes controls', () => {
    const result = {
      language: 'fr',
      segments: [{ start: Number.NaN, end: 1, text: 'é\u0001"\n', chars: undefined }],
    } as unknown as TranscriptResult;
    const text = formatTranscript('json', result);
    expect(text).toBe('{"segments": [{"start": null, "end": 1.0, "text": "é\\u0001\\"\\n"}], "language": "fr"}');
    expect(JSON.parse(text).segments[0].text).toBe('é\u0001"\n');
  });
});

describe('markdown escaping', () => {
  it('neutralises HTML, links, images, emphasis, code, tables, math and entities', () => {
    expect(escapeMarkdownText('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>');
    expect(escapeMarkdownText('![x](http://e.vil/a.png) [y][1]')).toBe('!\\[x\\](http\\://e.vil/a.png) \\[y\\]\\[1\\]');
    expect(escapeMarkdownText('*a* _b_ `c` |d| $e$ &amp; ~~f~~')).toBe(
      '\\*a\\* \\_b\\_ \\`c\\` \\|d\\| \\$e\\$ \\&amp; \\~\\~f\\~\\~',
    );
    expect(escapeMarkdownText('visit www.example.com')).toBe('visit www\\.example.com');
  });
  it('neutralises block syntax at the start of the line and joins lines', () => {
    expect(escapeMarkdownText('# Title')).toBe('\\# Title');
    expect(escapeMarkdownText('- item')).toBe('\\- item');
    expect(escapeMarkdownText('+ item')).toBe('\\+ item');
    expect(escapeMarkdownText('===')).toBe('\\===');
    expect(escapeMarkdownText('42) answer')).toBe('42\\) answer');
    expect(escapeMarkdownText('> quote\n# heading')).toBe('\\> quote \\# heading');
    expect(escapeMarkdownText('back\\slash')).toBe('back\\\\slash');
  });
  it('keeps intraword underscores readable', () => {
    expect(escapeMarkdownText('SPEAKER_00 snake_case _x_')).toBe('SPEAKER_00 snake_case \\_x\\_');
  });
  it('keeps a transcript from adding headings or HTML to the md file', () => {
    const result: TranscriptResult = {
      language: 'en',
      segments: [
        { start: 0, end: 1, text: '# H1\n<script>x</script>', speaker: '**evil**' },
        { start: 1, end: 2, text: '\n===\n' },
      ],
    };
    const md = formatTranscript('md', result, { metadata: { file: '<b>.wav' } });
    const lines = md.split('\n');
    expect(lines.filter((l) => l.startsWith('#'))).toEqual(['# \\<b\\>.wav']);
    expect(md).not.toMatch(/(^|[^\\])</m);
    expect(md).toContain('**\\*\\*evil\\*\\*** [00:00:00]\\\n\\# H1 \\<script\\>x\\</script\\>');
    expect(md).toContain('**Unknown speaker** [00:00:01]\\\n\\===');
  });
});

describe('paragraphs without speakers', () => {
  it('break after a pause over 3 s', () => {
    const result: TranscriptResult = {
      language: 'en',
      segments: [
        { start: 0, end: 1, text: ' One.' },
        { start: 3.5, end: 4, text: ' Two.' },
        { start: 7.1, end: 8, text: ' Three.' },
      ],
    };
    expect(formatTranscript('md', result)).toBe(
      '# Transcript\n\n- **Language:** en\n\n[00:00:00]\\\nOne. Two.\n\n[00:00:07]\\\nThree.\n',
    );
  });
});
