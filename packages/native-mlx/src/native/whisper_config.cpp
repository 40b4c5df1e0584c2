#include "whisper_config.h"

#include <cmath>

namespace wxts {
namespace {

std::string show(const JsonValue* v) {
  if (!v) return "undefined";
  switch (v->kind) {
    case JsonValue::Kind::Null: return "null";
    case JsonValue::Kind::Bool: return v->boolean ? "true" : "false";
    case JsonValue::Kind::Number: {
      double n = v->number;
      if (std::floor(n) == n && std::fabs(n) < 1e15) return std::to_string(static_cast<long long>(n));
      return std::to_string(n);
    }
    case JsonValue::Kind::String: return "\"" + v->string + "\"";
    case JsonValue::Kind::Array: return "[...]";
    default: return "{...}";
  }
}

int positiveInt(const JsonValue& obj, const std::string& key, const std::string& file) {
  const JsonValue* v = obj.get(key);
  if (!v || !v->isNumber() || std::floor(v->number) != v->number || v->number <= 0 || v->number > 1e9) {
    throw ConfigError(file + ": \"" + key + "\" must be a positive integer (got " + show(v) +
                      "); use a Whisper config.json from Hugging Face or mlx-community.");
  }
  return static_cast<int>(v->number);
}

std::vector<std::pair<int, int>> parseHeads(const JsonValue& v, const ModelDims& d, const std::string& file) {
  const std::string msg = file + ": \"alignment_heads\" must be a list of [layer, head] pairs inside " +
                          std::to_string(d.nTextLayer) + " x " + std::to_string(d.nTextHead) +
                          "; remove it to use the default (upper half of the decoder).";
  if (!v.isArray()) throw ConfigError(msg);
  std::vector<std::pair<int, int>> out;
  for (const auto& pair : v.array) {
    if (!pair.isArray() || pair.array.size() != 2 || !pair.array[0].isNumber() || !pair.array[1].isNumber()) {
      throw ConfigError(msg);
    }
    double l = pair.array[0].number, h = pair.array[1].number;
    if (std::floor(l) != l || std::floor(h) != h || l < 0 || h < 0 || l >= d.nTextLayer || h >= d.nTextHead) {
      throw ConfigError(msg);
    }
    out.emplace_back(static_cast<int>(l), static_cast<int>(h));
  }
  return out;
}

}  // namespace

WhisperConfig parseWhisperConfig(const JsonValue& obj, const JsonValue* generation, const std::string& file) {
  if (!obj.isObject()) throw ConfigError(file + ": not a JSON object; point at a Whisper model folder.");
  WhisperConfig c;
  ModelDims& d = c.dims;
  if (obj.has("n_mels") && obj.has("n_text_layer")) {
    c.layout = ConfigLayout::Mlx;
    d.nMels = positiveInt(obj, "n_mels", file);
    d.nVocab = positiveInt(obj, "n_vocab", file);
    d.nAudioCtx = positiveInt(obj, "n_audio_ctx", file);
    d.nAudioState = positiveInt(obj, "n_audio_state", file);
    d.nAudioHead = positiveInt(obj, "n_audio_head", file);
    d.nAudioLayer = positiveInt(obj, "n_audio_layer", file);
    d.nTextCtx = positiveInt(obj, "n_text_ctx", file);
    d.nTextState = positiveInt(obj, "n_text_state", file);
    d.nTextHead = positiveInt(obj, "n_text_head", file);
    d.nTextLayer = positiveInt(obj, "n_text_layer", file);
  } else if (obj.has("num_mel_bins") && obj.has("decoder_layers")) {
    c.layout = ConfigLayout::Hf;
    d.nMels = positiveInt(obj, "num_mel_bins", file);
    d.nVocab = positiveInt(obj, "vocab_size", file);
    d.nAudioCtx = positiveInt(obj, "max_source_positions", file);
    d.nAudioState = positiveInt(obj, "d_model", file);
    d.nAudioHead = positiveInt(obj, "encoder_attention_heads", file);
    d.nAudioLayer = positiveInt(obj, "encoder_layers", file);
    d.nTextCtx = positiveInt(obj, "max_target_positions", file);
    d.nTextState = d.nAudioState;
    d.nTextHead = positiveInt(obj, "decoder_attention_heads", file);
    d.nTextLayer = positiveInt(obj, "decoder_layers", file);
  } else {
    throw ConfigError(file +
                      ": not a Whisper config (no n_mels/n_text_layer nor num_mel_bins/decoder_layers); use an "
                      "openai/whisper-* or mlx-community/whisper-*-mlx folder.");
  }
  if (d.nAudioState % d.nAudioHead != 0 || d.nTextState % d.nTextHead != 0) {
    throw ConfigError(file + ": the model width is not a multiple of the head count; the config is corrupt.");
  }
  if (const JsonValue* q = obj.get("quantization"); q && q->kind != JsonValue::Kind::Null) {
    if (!q->isObject()) throw ConfigError(file + ": \"quantization\" must be an object {group_size, bits}.");
    c.quantGroupSize = positiveInt(*q, "group_size", file + " quantization");
    c.quantBits = positiveInt(*q, "bits", file + " quantization");
  }
  const JsonValue* heads = obj.get("alignment_heads");
  if ((!heads || heads->kind == JsonValue::Kind::Null) && generation) heads = generation->get("alignment_heads");
  if (heads && heads->kind != JsonValue::Kind::Null) c.alignmentHeads = parseHeads(*heads, d, file);
  return c;
}

std::vector<std::pair<int, int>> defaultAlignmentHeads(const ModelDims& d) {
  std::vector<std::pair<int, int>> out;
  for (int l = d.nTextLayer / 2; l < d.nTextLayer; l++)
    for (int h = 0; h < d.nTextHead; h++) out.emplace_back(l, h);
  return out;
}

}  // namespace wxts
