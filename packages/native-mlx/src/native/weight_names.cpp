#include "weight_names.h"

#include <map>
#include <sstream>

namespace wxts {
namespace {

WeightNameError unknown(const std::string& name) {
  return WeightNameError("Unknown Whisper tensor \"" + name +
                         "\": not part of WhisperForConditionalGeneration; use an openai/whisper-* or "
                         "mlx-community/whisper-*-mlx checkpoint.");
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> parts;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, '.')) parts.push_back(part);
  return parts;
}

bool allDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool startsWith(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
bool endsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

}  // namespace

std::optional<std::string> hfToMlxName(const std::string& name) {
  static const std::map<std::string, std::string> blockModules = {
      {"self_attn", "attn"},       {"encoder_attn", "cross_attn"},        {"self_attn_layer_norm", "attn_ln"},
      {"encoder_attn_layer_norm", "cross_attn_ln"}, {"final_layer_norm", "mlp_ln"}, {"fc1", "mlp1"},
      {"fc2", "mlp2"}};
  static const std::map<std::string, std::string> projections = {
      {"q_proj", "query"}, {"k_proj", "key"}, {"v_proj", "value"}, {"out_proj", "out"}};
  static const std::map<std::string, std::string> stackTensors = {
      {"embed_positions.weight", "positional_embedding"}, {"embed_tokens.weight", "token_embedding.weight"},
      {"layer_norm.weight", "{ln}.weight"},               {"layer_norm.bias", "{ln}.bias"},
      {"conv1.weight", "conv1.weight"},                   {"conv1.bias", "conv1.bias"},
      {"conv2.weight", "conv2.weight"},                   {"conv2.bias", "conv2.bias"}};

  if (name == "proj_out.weight") return std::nullopt;
  std::string rest = startsWith(name, "model.") ? name.substr(6) : name;
  size_t dot = rest.find('.');
  if (dot == std::string::npos) throw unknown(name);
  std::string stack = rest.substr(0, dot);
  if (stack != "encoder" && stack != "decoder") throw unknown(name);
  std::string tail = rest.substr(dot + 1);
  std::vector<std::string> parts = split(tail);
  if (!parts.empty() && parts[0] == "layers") {
    if (parts.size() < 4 || !allDigits(parts[1])) throw unknown(name);
    auto mod = blockModules.find(parts[2]);
    if (mod == blockModules.end()) throw unknown(name);
    const std::string& module = mod->second;
    if (stack == "encoder" && startsWith(module, "cross_")) throw unknown(name);
    std::string leaf;
    if (module == "attn" || module == "cross_attn") {
      if (parts.size() != 5) throw unknown(name);
      auto proj = projections.find(parts[3]);
      if (proj == projections.end()) throw unknown(name);
      leaf = proj->second + "." + parts[4];
    } else {
      if (parts.size() != 4) throw unknown(name);
      leaf = parts[3];
    }
    const std::string& param = parts.back();
    if (param != "weight" && param != "bias") throw unknown(name);
    return stack + ".blocks." + parts[1] + "." + module + "." + leaf;
  }
  auto it = stackTensors.find(tail);
  if (it == stackTensors.end()) throw unknown(name);
  std::string mapped = it->second;
  if (stack == "encoder" && startsWith(mapped, "token_")) throw unknown(name);
  if (stack == "decoder" && startsWith(mapped, "conv")) throw unknown(name);
  size_t ln = mapped.find("{ln}");
  if (ln != std::string::npos) mapped.replace(ln, 4, stack == "encoder" ? "ln_post" : "ln");
  return stack + "." + mapped;
}

bool isConvWeight(const std::string& n) { return n == "encoder.conv1.weight" || n == "encoder.conv2.weight"; }

bool isHfLayout(const std::vector<std::string>& names) {
  for (const auto& n : names)
    if (startsWith(n, "model.") || n == "proj_out.weight") return true;
  return false;
}

std::vector<std::string> expectedMlxNames(int nAudioLayer, int nTextLayer) {
  std::vector<std::string> names = {"encoder.conv1.weight", "encoder.conv1.bias", "encoder.conv2.weight",
                                    "encoder.conv2.bias",   "encoder.ln_post.weight", "encoder.ln_post.bias",
                                    "decoder.token_embedding.weight", "decoder.positional_embedding",
                                    "decoder.ln.weight",    "decoder.ln.bias"};
  auto block = [&names](const std::string& prefix, bool cross) {
    std::vector<std::string> attns = {"attn"};
    if (cross) attns.push_back("cross_attn");
    for (const auto& a : attns) {
      for (const char* leaf : {".query.weight", ".query.bias", ".key.weight", ".value.weight", ".value.bias",
                               ".out.weight", ".out.bias"})
        names.push_back(prefix + "." + a + leaf);
      names.push_back(prefix + "." + a + "_ln.weight");
      names.push_back(prefix + "." + a + "_ln.bias");
    }
    for (const char* leaf : {".mlp1.weight", ".mlp1.bias", ".mlp2.weight", ".mlp2.bias", ".mlp_ln.weight",
                             ".mlp_ln.bias"})
      names.push_back(prefix + leaf);
  };
  for (int i = 0; i < nAudioLayer; i++) block("encoder.blocks." + std::to_string(i), false);
  for (int i = 0; i < nTextLayer; i++) block("decoder.blocks." + std::to_string(i), true);
  return names;
}

bool isQuantizable(const std::string& n) {
  if (n == "decoder.token_embedding.weight") return true;
  for (const char* s : {".query.weight", ".key.weight", ".value.weight", ".out.weight", ".mlp1.weight", ".mlp2.weight"})
    if (endsWith(n, s)) return true;
  return false;
}

}  // namespace wxts
