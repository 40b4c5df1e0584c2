// Reads a Whisper checkpoint into MLX arrays under MLX (openai-whisper) names: mlx-community
// weights.safetensors / weights.npz, or Hugging Face model.safetensors (single or sharded, names mapped,
// conv weights moved to MLX's [out, kernel, in]).
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "json_lite.h"
#include "npz_reader.h"
#include "weight_names.h"
#include "whisper_model.h"

namespace wxts {
namespace fs = std::filesystem;

namespace {

mx::array npyToArray(const std::string& file, const NpyEntry& e) {
  std::ifstream in(file, std::ios::binary);
  std::vector<char> buf(static_cast<size_t>(e.dataBytes));
  in.seekg(static_cast<std::streamoff>(e.dataOffset));
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!in) throw std::runtime_error(file + ": entry \"" + e.name + "\" is truncated; download the weights again");
  if (!e.littleEndian && e.dtype != "u1" && e.dtype != "i1" && e.dtype != "b1") {
    throw std::runtime_error(file + ": entry \"" + e.name + "\" is big-endian; re-save the weights");
  }
  mx::Shape shape;
  for (auto d : e.shape) shape.push_back(static_cast<int>(d));
  const char* p = buf.data();
  if (e.dtype == "f2") return mx::array(reinterpret_cast<const mx::float16_t*>(p), shape, mx::float16);
  if (e.dtype == "f4") return mx::array(reinterpret_cast<const float*>(p), shape, mx::float32);
  if (e.dtype == "f8") return mx::array(reinterpret_cast<const double*>(p), shape, mx::float32);
  if (e.dtype == "u4") return mx::array(reinterpret_cast<const uint32_t*>(p), shape, mx::uint32);
  if (e.dtype == "i4") return mx::array(reinterpret_cast<const int32_t*>(p), shape, mx::int32);
  if (e.dtype == "i8") return mx::array(reinterpret_cast<const int64_t*>(p), shape, mx::int64);
  if (e.dtype == "u1") return mx::array(reinterpret_cast<const uint8_t*>(p), shape, mx::uint8);
  if (e.dtype == "b1") return mx::array(reinterpret_cast<const bool*>(p), shape, mx::bool_);
  throw std::runtime_error(file + ": entry \"" + e.name + "\" has unsupported dtype " + e.dtype);
}

void loadSafetensorsInto(const std::string& file, std::unordered_map<std::string, mx::array>& out) {
  auto loaded = mx::load_safetensors(file);
  for (auto& [name, arr] : loaded.first) out.insert_or_assign(name, arr);
}

}  // namespace

LoadedWeights loadWeights(const std::string& dir) {
  LoadedWeights w;
  std::unordered_map<std::string, mx::array> raw;
  const fs::path d(dir);
  if (fs::exists(d / "weights.safetensors")) {
    w.file = (d / "weights.safetensors").string();
    loadSafetensorsInto(w.file, raw);
  } else if (fs::exists(d / "model.safetensors")) {
    w.file = (d / "model.safetensors").string();
    loadSafetensorsInto(w.file, raw);
  } else if (fs::exists(d / "model.safetensors.index.json")) {
    w.file = (d / "model.safetensors.index.json").string();
    JsonValue index = readJsonFile(w.file);
    const JsonValue* map = index.get("weight_map");
    if (!map || !map->isObject()) throw std::runtime_error(w.file + ": no weight_map; download the model again");
    std::set<std::string> shards;
    for (const auto& [name, shard] : map->object) shards.insert(shard.string);
    for (const auto& shard : shards) loadSafetensorsInto((d / shard).string(), raw);
  } else if (fs::exists(d / "weights.npz")) {
    w.file = (d / "weights.npz").string();
    for (const auto& e : readNpzIndex(w.file)) raw.insert_or_assign(e.name, npyToArray(w.file, e));
  } else {
    throw std::runtime_error(dir +
                             ": no weights.safetensors, model.safetensors or weights.npz; download the model "
                             "(mlx-community/whisper-*-mlx or openai/whisper-*) again");
  }

  std::vector<std::string> names;
  names.reserve(raw.size());
  for (const auto& kv : raw) names.push_back(kv.first);
  w.hfLayout = isHfLayout(names);
  for (auto& [name, arr] : raw) {
    if (!w.hfLayout) {
      w.tensors.insert_or_assign(name, arr);
      continue;
    }
    auto mapped = hfToMlxName(name);
    if (!mapped) continue;  // tied output projection
    mx::array value = isConvWeight(*mapped) ? mx::swapaxes(arr, 1, 2) : arr;
    w.tensors.insert_or_assign(*mapped, value);
  }
  return w;
}

}  // namespace wxts
