// Whisper config.json in either layout (mlx-community or Hugging Face). Plain C++, no MLX.
// Mirrors src/config.ts (same rules, same messages).
#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "json_lite.h"

namespace wxts {

struct ModelDims {
  int nMels = 0, nVocab = 0, nAudioCtx = 0, nAudioState = 0, nAudioHead = 0, nAudioLayer = 0;
  int nTextCtx = 0, nTextState = 0, nTextHead = 0, nTextLayer = 0;
};

enum class ConfigLayout { Mlx, Hf };

struct WhisperConfig {
  ConfigLayout layout = ConfigLayout::Mlx;
  ModelDims dims;
  /** Stored MLX quantization; bits == 0 when the weights are float. */
  int quantGroupSize = 0;
  int quantBits = 0;
  /** [layer, head] pairs; empty when the files give none. */
  std::vector<std::pair<int, int>> alignmentHeads;
};

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/** Parse config.json (and the optional generation_config.json, may be null). */
WhisperConfig parseWhisperConfig(const JsonValue& config, const JsonValue* generation, const std::string& file);

/** openai-whisper's default alignment heads: all heads of the upper half of the decoder. */
std::vector<std::pair<int, int>> defaultAlignmentHeads(const ModelDims& dims);

}  // namespace wxts
