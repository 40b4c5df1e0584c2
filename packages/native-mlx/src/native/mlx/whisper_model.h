// The MLX Whisper executor: weights, encoder, decoder steps with a preallocated self-attention KV
// cache and cross-attention K/V computed once per encoded batch. Built only where MLX is installed.
// Shapes: B = encoded windows, R = decoding rows, T = new tokens per row, D = width, H = heads.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mlx/mlx.h"
#include "whisper_config.h"

namespace wxts {

namespace mx = mlx::core;

struct LoadOptions {
  /** "float16" | "bfloat16" | "float32". */
  std::string dtype = "float16";
  /** 0 keeps stored weights; 4 or 8 quantizes float linear layers at load. */
  int quantBits = 0;
  int groupSize = 64;
  /** Overrides the config's alignment heads when non-empty. */
  std::vector<std::pair<int, int>> alignmentHeads;
};

/** A linear layer, float or MLX-quantized. */
struct Linear {
  std::optional<mx::array> weight;  // float [out, in] or quantized uint32
  std::optional<mx::array> bias;
  std::optional<mx::array> scales, qbiases;
  int groupSize = 0, bits = 0;  // bits > 0 when quantized
  mx::array operator()(const mx::array& x) const;
};

struct Norm {
  std::optional<mx::array> weight, bias;
  mx::array operator()(const mx::array& x) const;
};

struct Attention {
  Linear query, key, value, out;
};

struct Block {
  Attention attn;
  Norm attnLn;
  std::optional<Attention> cross;
  Norm crossLn;
  Linear mlp1, mlp2;
  Norm mlpLn;
};

/** Encoder output [B, nAudioCtx, D], kept on the device. */
struct EncodedBatch {
  std::optional<mx::array> features;
  int batchSize = 0;
  /** Cross K/V per decoder layer [B, H, nAudioCtx, Dh], computed on first use. */
  std::vector<std::pair<mx::array, mx::array>> crossKv;
};

struct DecodeState {
  std::shared_ptr<EncodedBatch> encoded;
  /** rowSources[r]: encoded window of row r. */
  std::vector<int32_t> rowSources;
  /** Self-attention K/V per layer [R, H, nTextCtx, Dh]; allocated on the first step. */
  std::vector<std::pair<mx::array, mx::array>> selfKv;
  /** Tokens already cached per row. */
  int length = 0;
  /** Row selection requested by select(), applied at the start of the next step. */
  std::vector<int32_t> pendingSelect;
  bool hasPendingSelect = false;
  int rows() const { return static_cast<int>(rowSources.size()); }
  /** Rows the next step feeds (after a pending select). */
  int liveRows() const { return hasPendingSelect ? static_cast<int>(pendingSelect.size()) : rows(); }
  /** Compose a selection with any pending one (host-side only; the caches follow on the next step). */
  void select(const std::vector<int32_t>& idx) {
    if (hasPendingSelect) {
      std::vector<int32_t> composed;
      for (int32_t i : idx) composed.push_back(pendingSelect.at(static_cast<size_t>(i)));
      pendingSelect = std::move(composed);
    } else {
      pendingSelect = idx;
      hasPendingSelect = true;
    }
  }
};

struct StepResult {
  std::vector<float> logits;          // [R, nVocab]
  std::vector<float> crossAttention;  // [R, nAlign, T, nAudioCtx] when asked
};

class WhisperModel {
 public:
  static std::shared_ptr<WhisperModel> load(const std::string& dir, const LoadOptions& options);

  const WhisperConfig& config() const { return config_; }
  const std::string& weightsFile() const { return weightsFile_; }
  bool hfLayout() const { return hfLayout_; }
  const std::string& dtypeName() const { return dtypeName_; }
  int quantBits() const { return quantBits_; }
  int groupSize() const { return groupSize_; }
  const std::vector<std::pair<int, int>>& alignmentHeads() const { return alignmentHeads_; }

  /** mel: [B, nMels, 3000] float32 row-major. */
  std::shared_ptr<EncodedBatch> encode(const float* mel, int batchSize);
  /** The encoder's last hidden states [B, nAudioCtx, D] as float32, row-major. */
  std::vector<float> encoderStates(const EncodedBatch& encoded) const;
  /** tokens: [R, T] int32 row-major. */
  StepResult step(DecodeState& state, const int32_t* tokens, int tokensPerRow, bool withAlignment);

  // All calls run on the one MLX thread (mlx_thread.h), which serializes them.

 private:
  WhisperConfig config_;
  std::string weightsFile_;
  bool hfLayout_ = false;
  std::string dtypeName_;
  mx::Dtype dtype_ = mx::float16;
  int quantBits_ = 0, groupSize_ = 0;
  std::vector<std::pair<int, int>> alignmentHeads_;

  std::optional<mx::array> conv1w_, conv1b_, conv2w_, conv2b_, audioPos_, textPos_;
  Linear tokenEmbedding_;  // [nVocab, D]; also the output projection
  Norm lnPost_, ln_;
  std::vector<Block> encoderBlocks_, decoderBlocks_;

  mx::array embedTokens(const mx::array& tokens) const;
  mx::array selfAttention(const Block& b, const mx::array& x) const;
  void ensureCrossKv(EncodedBatch& enc);
  void applySelect(DecodeState& state);
};

/** Weights of a model folder under MLX names, converted (conv layout, names) but not cast. */
struct LoadedWeights {
  std::unordered_map<std::string, mx::array> tensors;
  std::string file;
  bool hfLayout = false;
};
LoadedWeights loadWeights(const std::string& dir);

}  // namespace wxts
