// Tests of the plain C++ (no MLX) parts: JSON, config parsing, HF -> MLX names, .npz index.
// Usage: wxts_native_test <fixtures dir> [<kit whisper-mini dir>]. Prints "N passed, M failed".
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <regex>
#include <set>
#include <string>

#include "json_lite.h"
#include "npz_reader.h"
#include "weight_names.h"
#include "whisper_config.h"

using namespace wxts;

namespace {
int passed = 0, failed = 0;

void check(bool ok, const std::string& what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    std::cout << "FAIL: " << what << "\n";
  }
}

template <typename E>
void expectThrow(const std::function<void()>& fn, const std::string& needle, const std::string& what) {
  try {
    fn();
    check(false, what + " (no exception)");
  } catch (const E& e) {
    bool ok = std::string(e.what()).find(needle) != std::string::npos;
    check(ok, what + " (message: " + e.what() + ")");
  }
}

std::string readFile(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void testJson() {
  JsonValue v = parseJson(R"({"a": [1, 2.5, -3e2], "s": "x\"\u00e9\ud83d\ude00", "t": true, "n": null, "o": {}})");
  check(v.isObject() && v.get("a")->array.size() == 3, "json array");
  check(v.get("a")->array[2].number == -300, "json exponent");
  check(v.get("s")->string == "x\"\xC3\xA9\xF0\x9F\x98\x80", "json escapes + surrogate pair");
  check(v.get("t")->boolean && v.get("n")->kind == JsonValue::Kind::Null, "json literals");
  expectThrow<JsonError>([] { parseJson("{\"a\": }"); }, "byte 6", "json error offset");
  expectThrow<JsonError>([] { parseJson("[1, 2] x"); }, "trailing", "json trailing");
}

void testConfig(const std::string& fixtures, const std::string& kit) {
  WhisperConfig m = parseWhisperConfig(readJsonFile(fixtures + "/mlx-tiny-config.json"), nullptr, "config.json");
  check(m.layout == ConfigLayout::Mlx && m.dims.nAudioState == 384 && m.dims.nTextLayer == 4, "mlx config dims");
  check(m.quantBits == 4 && m.quantGroupSize == 64, "mlx config quantization");
  check(m.alignmentHeads.empty(), "mlx config without heads");
  auto def = defaultAlignmentHeads(m.dims);
  check(def.size() == 12 && def.front() == std::make_pair(2, 0) && def.back() == std::make_pair(3, 5), "default heads");
  if (!kit.empty()) {
    JsonValue gen = readJsonFile(kit + "/generation_config.json");
    WhisperConfig h = parseWhisperConfig(readJsonFile(kit + "/config.json"), &gen, "config.json");
    check(h.layout == ConfigLayout::Hf && h.dims.nMels == 80 && h.dims.nVocab == 51865, "hf config dims");
    check(h.dims.nAudioState == 64 && h.dims.nTextHead == 2 && h.dims.nTextCtx == 448, "hf config widths");
    check(h.alignmentHeads == std::vector<std::pair<int, int>>{{1, 0}, {1, 1}}, "hf heads from generation_config");
  }
  expectThrow<ConfigError>([] { parseWhisperConfig(parseJson("{\"n_mels\": 80, \"n_text_layer\": 4}"), nullptr, "c.json"); },
                           "\"n_vocab\" must be a positive integer (got undefined)", "missing field");
  expectThrow<ConfigError>([] { parseWhisperConfig(parseJson("{\"hidden\": 1}"), nullptr, "c.json"); },
                           "not a Whisper config", "not whisper");
  std::string bad = readFile(fixtures + "/mlx-tiny-config.json");
  bad.insert(bad.rfind('}'), ", \"alignment_heads\": [[4, 0]]");
  expectThrow<ConfigError>([&] { parseWhisperConfig(parseJson(bad), nullptr, "c.json"); }, "inside 4 x 6", "heads range");
}

std::vector<std::string> stringList(const JsonValue& v) {
  std::vector<std::string> out;
  for (const auto& s : v.array) out.push_back(s.string);
  return out;
}

void testNames(const std::string& fixtures) {
  JsonValue keysDoc = readJsonFile(fixtures + "/hf-whisper-mini-keys.json");
  JsonValue ref = readJsonFile(fixtures + "/mlx-reference-names.json");
  std::vector<std::string> keys = stringList(*keysDoc.get("keys"));
  check(keys.size() == 89 && isHfLayout(keys), "kit key list");
  int same = 0;
  for (const auto& k : keys) {
    auto mapped = hfToMlxName(k);
    const JsonValue* want = ref.get("mapping")->get(k);
    if (mapped && want && *mapped == want->string) same++;
    else std::cout << "  mismatch " << k << " -> " << (mapped ? *mapped : "(dropped)") << "\n";
  }
  check(same == static_cast<int>(keys.size()), "every kit key maps like the mlx-examples reference");
  check(!hfToMlxName("proj_out.weight").has_value(), "proj_out dropped");
  check(isConvWeight(*hfToMlxName("model.encoder.conv2.weight")), "conv weight flagged");
  expectThrow<WeightNameError>([] { hfToMlxName("model.encoder.layers.0.encoder_attn.q_proj.weight"); }, "Unknown Whisper tensor",
                               "encoder has no cross attention");
  expectThrow<WeightNameError>([] { hfToMlxName("model.decoder.layers.x.fc1.weight"); }, "layers.x", "bad layer index");
  expectThrow<WeightNameError>([] { hfToMlxName("lm_head.weight"); }, "lm_head", "unknown head");

  // Every released size: expand the real per-layer key template to the size's layer counts.
  const std::regex layer(R"(^model\.(encoder|decoder)\.layers\.(\d+)\.(.*)$)");
  JsonValue sizes = readJsonFile(fixtures + "/whisper-sizes.json");
  for (const auto& [size, s] : sizes.get("sizes")->object) {
    int enc = static_cast<int>(s.get("encoderLayers")->number), dec = static_cast<int>(s.get("decoderLayers")->number);
    std::vector<std::string> hf;
    for (const auto& k : keys) {
      std::smatch m;
      if (!std::regex_match(k, m, layer)) { hf.push_back(k); continue; }
      if (m[2] != "0") continue;
      int n = m[1] == "encoder" ? enc : dec;
      for (int i = 0; i < n; i++) hf.push_back("model." + m[1].str() + ".layers." + std::to_string(i) + "." + m[3].str());
    }
    std::set<std::string> got;
    for (const auto& k : hf)
      if (auto mname = hfToMlxName(k)) got.insert(*mname);
    got.erase("encoder.positional_embedding");
    auto want = expectedMlxNames(enc, dec);
    std::set<std::string> wantSet(want.begin(), want.end());
    check(got == wantSet && want.size() == wantSet.size() && got.size() + 1 == hf.size(),
          "size " + size + ": mapped key set equals the expected MLX names");
  }
  check(isQuantizable("decoder.blocks.3.cross_attn.key.weight") && isQuantizable("decoder.token_embedding.weight"),
        "quantizable linears");
  check(!isQuantizable("encoder.conv1.weight") && !isQuantizable("decoder.blocks.0.mlp_ln.weight"), "not quantizable");
}

void testNpz(const std::string& fixtures) {
  auto entries = readNpzIndex(fixtures + "/small.npz");
  check(entries.size() == 4, "npz entry count");
  std::ifstream in(fixtures + "/small.npz", std::ios::binary);
  for (const auto& e : entries) {
    std::string data(e.dataBytes, '\0');
    in.seekg(static_cast<std::streamoff>(e.dataOffset));
    in.read(&data[0], static_cast<std::streamsize>(data.size()));
    if (e.name == "encoder.conv1.weight") {
      float v[6];
      std::memcpy(v, data.data(), sizeof v);
      check(e.dtype == "f4" && e.shape == std::vector<int64_t>{2, 3} && v[5] == 2.5f && v[1] == 0.5f, "npz f32 values");
    } else if (e.name == "decoder.ln.bias") {
      uint16_t h[4];
      std::memcpy(h, data.data(), sizeof h);
      check(e.dtype == "f2" && e.shape == std::vector<int64_t>{4} && h[0] == 0x3C00 && h[3] == 0x7BFF, "npz f16 bits");
    } else if (e.name == "alignment_heads") {
      int64_t a[4];
      std::memcpy(a, data.data(), sizeof a);
      check(e.dtype == "i8" && e.shape == std::vector<int64_t>{2, 2} && a[0] == 1 && a[3] == 1 && a[1] == 0, "npz i64");
    } else if (e.name == "scalar") {
      int32_t s;
      std::memcpy(&s, data.data(), 4);
      check(e.dtype == "i4" && e.shape.empty() && s == 7, "npz scalar");
    } else {
      check(false, "unexpected npz entry " + e.name);
    }
  }
  expectThrow<NpzError>([&] { readNpzIndex(fixtures + "/small-compressed.npz"); }, "savez_compressed", "deflated npz");
  expectThrow<NpzError>([&] { readNpzIndex(fixtures + "/mlx-tiny-config.json"); }, "not a ZIP", "not a zip");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: wxts_native_test <fixtures dir> [<kit whisper-mini dir>]\n";
    return 2;
  }
  std::string fixtures = argv[1], kit = argc > 2 ? argv[2] : "";
  try {
    testJson();
    testConfig(fixtures, kit);
    testNames(fixtures);
    testNpz(fixtures);
  } catch (const std::exception& e) {
    failed++;
    std::cout << "FAIL: uncaught " << e.what() << "\n";
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
