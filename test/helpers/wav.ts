/** WAV files for tests. */

/** A mono 16-bit WAV of `samples` samples: `from` (floats in -1..1), a 440 Hz sine, or zeros. */
export function pcmWav(
  samples: number,
  options: { silent?: boolean; sampleRate?: number; from?: Float32Array } = {},
): Buffer {
  const rate = options.sampleRate ?? 16000;
  const data = Buffer.alloc(samples * 2);
  if (options.from) {
    for (let i = 0; i < samples; i++)
      data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(options.from[i] * 32768))), i * 2);
  } else if (!options.silent) {
    for (let i = 0; i < samples; i++)
      data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
