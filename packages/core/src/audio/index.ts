/** Public API of core/audio: decoding media to 16 kHz mono, streaming, and Whisper's log-mel. */
export {
  loadAudio,
  checkMediaFile,
  SAMPLE_RATE,
  type AudioDecoderChoice,
  type LoadAudioOptions,
} from './load-audio.js';
export { streamAudio, probeDuration, type StreamAudioOptions, type ProbeDurationOptions } from './audio-stream.js';
export { findFfmpeg } from './ffmpeg-decoder.js';
export { AUDIO_EXTENSIONS, VIDEO_EXTENSIONS, MEDIA_EXTENSIONS, isMediaPath, mediaExtension } from './media-kinds.js';
export { resample, downmixToMono, type ResampleOptions } from './resample.js';
export { decodeWav, parseWavHeader, readWavChannels, type WavInfo } from './wav-reader.js';
export {
  createLogMelExtractor,
  logMelBatch,
  logMelSpectrogram,
  WHISPER_HOP_LENGTH,
  WHISPER_N_FFT,
  WHISPER_N_FRAMES,
  WHISPER_N_SAMPLES,
  WHISPER_SAMPLE_RATE,
  type LogMelExtractor,
  type LogMelOptions,
} from './log-mel.js';
export { melFilters, type MelFilterOptions } from './mel-filters.js';
export {
  asSampleSource,
  memorySource,
  openAudioSource,
  type AudioInput,
  type OpenAudioSourceOptions,
  type SampleSource,
} from './sample-source.js';
