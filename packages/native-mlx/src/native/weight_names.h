// Hugging Face -> MLX (openai-whisper) tensor names. Plain C++, no MLX. Mirrors src/weight-names.ts.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wxts {

struct WeightNameError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/**
 * MLX name of a Hugging Face tensor; std::nullopt for tensors MLX does not keep (`proj_out.weight`,
 * tied to the token embedding). Throws WeightNameError for names outside a Whisper checkpoint.
 */
std::optional<std::string> hfToMlxName(const std::string& name);

/** Conv weights: PyTorch [out, in, kernel] -> MLX [out, kernel, in]. */
bool isConvWeight(const std::string& mlxName);

/** True when any name uses Hugging Face naming (`model.` prefix or `proj_out.weight`). */
bool isHfLayout(const std::vector<std::string>& names);

/** Every MLX tensor a float model with these layer counts needs (see src/weight-names.ts). */
std::vector<std::string> expectedMlxNames(int nAudioLayer, int nTextLayer);

/** Linear layers and the token embedding: what MLX's quantizer turns into (weight, scales, biases). */
bool isQuantizable(const std::string& mlxName);

}  // namespace wxts
