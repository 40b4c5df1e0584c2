export { parseWav2Vec2Config, type Activation, type Wav2Vec2Architecture } from './config.js';
export {
  GRAPH_BUILDER_VERSION,
  buildWav2Vec2Graph,
  builtGraphRoot,
  wav2vec2OnnxBytes,
  type BuildGraphOptions,
  type BuiltGraph,
} from './build-cache.js';
export { openSafetensors, halfToFloat, type SafetensorsEntry, type SafetensorsFile } from './safetensors.js';
