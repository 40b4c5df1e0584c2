// Minimal types for the webvtt-parser devDependency (used by tests only; it ships none).
declare module 'webvtt-parser' {
  export interface WebVTTCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
  }
  export interface WebVTTParseResult {
    cues: WebVTTCue[];
    errors: { message: string; line: number; col: number }[];
  }
  export class WebVTTParser {
    constructor(entities?: Record<string, string>);
    parse(input: string, mode?: 'metadata' | 'chapters' | 'subtitles'): WebVTTParseResult;
  }
}
