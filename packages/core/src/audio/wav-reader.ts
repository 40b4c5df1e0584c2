/**
 * A RIFF/WAVE reader for PCM and IEEE-float WAV files (any chunks before or after `fmt ` and
 * `data`, WAVE_FORMAT_EXTENSIBLE, RF64-style 0xFFFFFFFF sizes). 16-bit samples are read exactly as
 * int16 / 32768, the convention of the conformance goldens and of WhisperX's ffmpeg s16 path.
 */

/** The parts of a WAV header the reader needs. */
export interface WavInfo {
  /** `pcm` (integer samples) or `float` (IEEE float). */
  encoding: 'pcm' | 'float';
  /** Bits per sample: 8, 16, 24 or 32 (pcm); 32 or 64 (float). */
  bitsPerSample: number;
  /** Interleaved channels. */
  channels: number;
  /** Frames per second. */
  sampleRate: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of sample data present in the buffer (clamped to the file). */
  dataLength: number;
}

/** A WAV file that cannot be read; `message` is the reason (no file name). */
export class WavFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavFormatError';
  }
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

function fourcc(bytes: Uint8Array, off: number): string {
  return String.fromCharCode(bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]);
}

/** True when the bytes start like a WAV file (RIFF or RF64 ... WAVE). */
/** Lowest and highest source sample rates accepted (Hz); outside, the header is taken as damaged. */
export const MIN_SOURCE_RATE = 1000;
export const MAX_SOURCE_RATE = 768_000;

/**
 * A damaged header can claim 1 Hz, and resampling 1 Hz to 16 kHz multiplies the sample count by
 * 16 000 (minutes of CPU, gigabytes of memory): such rates are refused as corrupt.
 */
export function isPlausibleSampleRate(rate: number): boolean {
  return Number.isFinite(rate) && rate >= MIN_SOURCE_RATE && rate <= MAX_SOURCE_RATE;
}

export function isWav(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const riff = fourcc(bytes, 0);
  return (riff === 'RIFF' || riff === 'RF64') && fourcc(bytes, 8) === 'WAVE';
}

/**
 * Parse the header. Needs the bytes up to the start of `data` (the whole file for `dataLength`
 * to be exact). Throws WavFormatError for a damaged or unsupported header.
 */
export function parseWavHeader(bytes: Uint8Array): WavInfo {
  if (!isWav(bytes)) throw new WavFormatError('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataLength'> | undefined;
  while (off + 8 <= bytes.length) {
    const id = fourcc(bytes, off);
    const size = view.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavFormatError('fmt chunk is too short');
      let tag = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRate = view.getUint32(body + 4, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        tag = view.getUint16(body + 24, true); // first two bytes of the SubFormat GUID
      }
      let encoding: WavInfo['encoding'];
      if (tag === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) encoding = 'pcm';
      else if (tag === WAVE_FORMAT_IEEE_FLOAT && (bitsPerSample === 32 || bitsPerSample === 64)) encoding = 'float';
      else {
        throw new WavFormatError(
          `unsupported WAV encoding (format tag 0x${tag.toString(16)}, ${bitsPerSample} bits per sample)`,
        );
      }
      if (channels < 1) throw new WavFormatError('fmt chunk gives 0 channels');
      if (sampleRate < 1) throw new WavFormatError('fmt chunk gives a sample rate of 0');
      if (!isPlausibleSampleRate(sampleRate)) {
        throw new WavFormatError(`fmt chunk gives an implausible sample rate of ${sampleRate} Hz`);
      }
      fmt = { encoding, bitsPerSample, channels, sampleRate };
    } else if (id === 'data') {
      if (!fmt) throw new WavFormatError('data chunk before the fmt chunk');
      const available = bytes.length - body;
      // 0xFFFFFFFF (RF64 / streamed WAV) and sizes past the end: take what is there.
      const dataLength = size === 0xffffffff || size > available ? available : size;
      return { ...fmt, dataOffset: body, dataLength };
    }
    off = body + size + (size & 1);
  }
  throw new WavFormatError(fmt ? 'no data chunk' : 'no fmt chunk');
}

/** True when the WAV holds 16-bit PCM at `sampleRate`: decoded exactly, no resampling. */
export function isExactPcm16(info: WavInfo, sampleRate: number): boolean {
  return info.encoding === 'pcm' && info.bitsPerSample === 16 && info.sampleRate === sampleRate;
}

function sampleReader(info: WavInfo, view: DataView): (byteOffset: number) => number {
  if (info.encoding === 'float') {
    return info.bitsPerSample === 32 ? (o) => view.getFloat32(o, true) : (o) => view.getFloat64(o, true);
  }
  switch (info.bitsPerSample) {
    case 8:
      return (o) => (view.getUint8(o) - 128) / 128;
    case 16:
      return (o) => view.getInt16(o, true) / 32768;
    case 24:
      return (o) => (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608;
    default:
      return (o) => view.getInt32(o, true) / 2147483648;
  }
}

/**
 * Decode every channel of a parsed WAV. 16-bit samples become exactly int16 / 32768; a trailing
 * partial frame is dropped.
 */
export function readWavChannels(bytes: Uint8Array, info: WavInfo): Float32Array[] {
  const bytesPerSample = info.bitsPerSample / 8;
  const frameBytes = bytesPerSample * info.channels;
  const frames = Math.floor(info.dataLength / frameBytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = sampleReader(info, view);
  const out: Float32Array[] = [];
  for (let c = 0; c < info.channels; c++) {
    const ch = new Float32Array(frames);
    let o = info.dataOffset + c * bytesPerSample;
    for (let i = 0; i < frames; i++, o += frameBytes) ch[i] = read(o);
    out.push(ch);
  }
  return out;
}

/** Decode a WAV file (whole bytes) to its channels and rate. Throws WavFormatError. */
export function decodeWav(bytes: Uint8Array): { sampleRate: number; channelData: Float32Array[] } {
  const info = parseWavHeader(bytes);
  return { sampleRate: info.sampleRate, channelData: readWavChannels(bytes, info) };
}

/**
 * Bytes of sample data in a file of `fileSize` bytes whose header `head` parsed to `info`: the
 * declared `data` size, or what the file holds when that is unknown (0xFFFFFFFF) or too large.
 */
export function wavDataLength(head: Uint8Array, info: WavInfo, fileSize: number): number {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const declared = view.getUint32(info.dataOffset - 4, true);
  const available = fileSize - info.dataOffset;
  return declared === 0xffffffff || declared > available ? available : declared;
}

/** Duration in seconds from the header alone (needs only the bytes up to `data`'s header). */
export function wavDurationFromHeader(head: Uint8Array, fileSize: number): number {
  const info = parseWavHeader(head);
  const dataLength = wavDataLength(head, info, fileSize);
  return Math.floor(dataLength / ((info.bitsPerSample / 8) * info.channels)) / info.sampleRate;
}
