#include "whisper_model.h"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "cpu_softmax.h"
#include "json_lite.h"
#include "weight_names.h"

namespace wxts {
namespace fs = std::filesystem;

namespace {

mx::array gelu(const mx::array& x) {
  // Exact (erf) GELU, as Whisper uses. float32 on the CPU: our vectorized kernel (cpu_softmax.h).
  if (x.dtype() == mx::float32 && mx::default_device().type == mx::Device::cpu) return cpuGelu(x);
  // Scalars carry x's dtype: a float32 scalar would promote.
  const mx::Dtype dt = x.dtype();
  return x * (mx::erf(x * mx::array(0.7071067811865476f, dt)) + mx::array(1.0f, dt)) * mx::array(0.5f, dt);
}

mx::Dtype parseDtype(const std::string& name) {
  if (name == "float16") return mx::float16;
  if (name == "bfloat16") return mx::bfloat16;
  if (name == "float32") return mx::float32;
  throw std::runtime_error("dtype must be float16, bfloat16 or float32 (got \"" + name + "\")");
}

/** [N, L, D] -> [N, H, L, D/H]. */
mx::array heads(const mx::array& x, int h) {
  const int n = x.shape(0), l = x.shape(1), d = x.shape(2);
  return mx::transpose(mx::reshape(x, {n, l, h, d / h}), {0, 2, 1, 3});
}

/** [N, H, L, Dh] -> [N, L, H * Dh]. */
mx::array merge(const mx::array& x) {
  const int n = x.shape(0), h = x.shape(1), l = x.shape(2), dh = x.shape(3);
  return mx::reshape(mx::transpose(x, {0, 2, 1, 3}), {n, l, h * dh});
}

/** Row-major float32 copy of an evaluated array. */
std::vector<float> toHost(const mx::array& x) {
  mx::array flat = mx::astype(mx::reshape(x, {-1}), mx::float32);
  flat = mx::contiguous(flat);
  mx::eval(flat);
  const float* p = flat.data<float>();
  return std::vector<float>(p, p + flat.size());
}

}  // namespace

mx::array Linear::operator()(const mx::array& x) const {
  mx::array y = bits > 0 ? mx::quantized_matmul(x, *weight, *scales, *qbiases, true, groupSize, bits)
                         : mx::matmul(x, mx::transpose(*weight));
  return bias ? y + *bias : y;
}

mx::array Norm::operator()(const mx::array& x) const { return mx::fast::layer_norm(x, weight, bias, 1e-5f); }

std::shared_ptr<WhisperModel> WhisperModel::load(const std::string& dir, const LoadOptions& o) {
  auto m = std::make_shared<WhisperModel>();
  const fs::path d(dir);
  const std::string configFile = (d / "config.json").string();
  if (!fs::exists(configFile)) throw std::runtime_error(configFile + " is missing; point at a Whisper model folder");
  JsonValue config = readJsonFile(configFile);
  std::optional<JsonValue> generation;
  if (fs::exists(d / "generation_config.json")) generation = readJsonFile((d / "generation_config.json").string());
  m->config_ = parseWhisperConfig(config, generation ? &*generation : nullptr, configFile);
  const ModelDims& dims = m->config_.dims;
  m->dtypeName_ = o.dtype;
  m->dtype_ = parseDtype(o.dtype);

  LoadedWeights w = loadWeights(dir);
  m->weightsFile_ = w.file;
  m->hfLayout_ = w.hfLayout;
  auto& t = w.tensors;
  for (const auto& name : expectedMlxNames(dims.nAudioLayer, dims.nTextLayer)) {
    if (!t.count(name)) {
      throw std::runtime_error(w.file + ": tensor \"" + name + "\" is missing (config says " +
                               std::to_string(dims.nAudioLayer) + "+" + std::to_string(dims.nTextLayer) +
                               " layers); config.json and the weights do not match");
    }
  }
  const int storedBits = m->config_.quantBits;
  const int storedGroup = m->config_.quantGroupSize;
  if (storedBits > 0 && o.quantBits > 0 && o.quantBits != storedBits) {
    throw std::runtime_error(w.file + " is already quantized to " + std::to_string(storedBits) +
                             " bits; pass quantBits 0 or " + std::to_string(storedBits));
  }
  m->quantBits_ = storedBits > 0 ? storedBits : o.quantBits;
  m->groupSize_ = m->quantBits_ > 0 ? (storedBits > 0 ? storedGroup : o.groupSize) : 0;

  auto floatTensor = [&](const std::string& name) { return mx::astype(t.at(name), m->dtype_); };
  auto norm = [&](const std::string& p) { return Norm{floatTensor(p + ".weight"), floatTensor(p + ".bias")}; };
  auto linear = [&](const std::string& p, bool hasBias) {
    Linear l;
    if (hasBias) l.bias = floatTensor(p + ".bias");
    if (storedBits > 0 && t.count(p + ".scales")) {
      l.weight = t.at(p + ".weight");
      l.scales = floatTensor(p + ".scales");
      l.qbiases = floatTensor(p + ".biases");
      l.bits = storedBits;
      l.groupSize = storedGroup;
    } else if (o.quantBits > 0 && t.at(p + ".weight").shape(-1) % o.groupSize == 0) {
      std::vector<mx::array> q = mx::quantize(floatTensor(p + ".weight"), o.groupSize, o.quantBits);
      l.weight = q.at(0);
      l.scales = q.at(1);
      l.qbiases = q.at(2);
      l.bits = o.quantBits;
      l.groupSize = o.groupSize;
    } else {
      l.weight = floatTensor(p + ".weight");
    }
    return l;
  };
  auto attention = [&](const std::string& p) {
    return Attention{linear(p + ".query", true), linear(p + ".key", false), linear(p + ".value", true),
                     linear(p + ".out", true)};
  };
  auto block = [&](const std::string& p, bool cross) {
    Block b;
    b.attn = attention(p + ".attn");
    b.attnLn = norm(p + ".attn_ln");
    if (cross) {
      b.cross = attention(p + ".cross_attn");
      b.crossLn = norm(p + ".cross_attn_ln");
    }
    b.mlp1 = linear(p + ".mlp1", true);
    b.mlp2 = linear(p + ".mlp2", true);
    b.mlpLn = norm(p + ".mlp_ln");
    return b;
  };

  m->conv1w_ = floatTensor("encoder.conv1.weight");
  m->conv1b_ = floatTensor("encoder.conv1.bias");
  m->conv2w_ = floatTensor("encoder.conv2.weight");
  m->conv2b_ = floatTensor("encoder.conv2.bias");
  if (t.count("encoder.positional_embedding")) {
    m->audioPos_ = floatTensor("encoder.positional_embedding");
  } else {
    // Sinusoids: [sin(t * inv), cos(t * inv)], inv = exp(-log(10000) / (D/2 - 1) * i).
    const int half = dims.nAudioState / 2;
    mx::array inv = mx::exp(mx::arange(0.0, static_cast<double>(half), mx::float32) *
                            mx::array(static_cast<float>(-std::log(10000.0) / (half - 1))));
    mx::array scaled = mx::expand_dims(mx::arange(0.0, static_cast<double>(dims.nAudioCtx), mx::float32), 1) *
                       mx::expand_dims(inv, 0);
    m->audioPos_ = mx::astype(mx::concatenate({mx::sin(scaled), mx::cos(scaled)}, 1), m->dtype_);
  }
  m->textPos_ = floatTensor("decoder.positional_embedding");
  m->tokenEmbedding_ = linear("decoder.token_embedding", false);
  m->lnPost_ = norm("encoder.ln_post");
  m->ln_ = norm("decoder.ln");
  for (int i = 0; i < dims.nAudioLayer; i++) m->encoderBlocks_.push_back(block("encoder.blocks." + std::to_string(i), false));
  for (int i = 0; i < dims.nTextLayer; i++) m->decoderBlocks_.push_back(block("decoder.blocks." + std::to_string(i), true));

  m->alignmentHeads_ = !o.alignmentHeads.empty() ? o.alignmentHeads
                       : !m->config_.alignmentHeads.empty() ? m->config_.alignmentHeads
                                                            : defaultAlignmentHeads(dims);
  for (const auto& [l, h] : m->alignmentHeads_) {
    if (l < 0 || l >= dims.nTextLayer || h < 0 || h >= dims.nTextHead)
      throw std::runtime_error("alignmentHeads: [" + std::to_string(l) + ", " + std::to_string(h) + "] is outside the decoder");
  }

  // Materialize everything now so the first encode does not pay for loading.
  std::vector<mx::array> all = {*m->conv1w_, *m->conv1b_, *m->conv2w_, *m->conv2b_, *m->audioPos_, *m->textPos_};
  auto addLinear = [&all](const Linear& l) {
    all.push_back(*l.weight);
    if (l.bias) all.push_back(*l.bias);
    if (l.scales) { all.push_back(*l.scales); all.push_back(*l.qbiases); }
  };
  addLinear(m->tokenEmbedding_);
  for (auto* blocks : {&m->encoderBlocks_, &m->decoderBlocks_}) {
    for (const auto& b : *blocks) {
      for (const Attention* a : {&b.attn, b.cross ? &*b.cross : nullptr}) {
        if (!a) continue;
        addLinear(a->query); addLinear(a->key); addLinear(a->value); addLinear(a->out);
      }
      addLinear(b.mlp1);
      addLinear(b.mlp2);
    }
  }
  mx::eval(all);
  return m;
}

mx::array WhisperModel::selfAttention(const Block& b, const mx::array& x) const {
  const int h = config_.dims.nAudioHead;
  mx::array y = b.attnLn(x);
  mx::array q = heads(b.attn.query(y), h), k = heads(b.attn.key(y), h), v = heads(b.attn.value(y), h);
  const float scale = 1.0f / std::sqrt(static_cast<float>(q.shape(3)));
  if (mx::default_device().type == mx::Device::gpu)
    return x + b.attn.out(merge(mx::fast::scaled_dot_product_attention(q, k, v, scale)));
  // CPU: MLX's fused attention falls back to a slower generic path there (measured 330 ms against
  // 235 ms for 6 heads x 1500 x 1500 on whisper-tiny); matmul + softmax + matmul is the faster form,
  // and at float32 the softmax is ours (cpu_softmax.h says why).
  mx::array scores = mx::matmul(q * mx::array(scale, q.dtype()), mx::swapaxes(k, -1, -2));
  mx::array w = q.dtype() == mx::float32 ? cpuSoftmax(scores) : mx::softmax(scores, std::vector<int>{-1}, true);
  return x + b.attn.out(merge(mx::matmul(w, v)));
}

std::shared_ptr<EncodedBatch> WhisperModel::encode(const float* mel, int batchSize) {
  const ModelDims& d = config_.dims;
  const int frames = 2 * d.nAudioCtx;
  mx::array x(mel, mx::Shape{batchSize, d.nMels, frames}, mx::float32);
  x = mx::astype(mx::transpose(x, {0, 2, 1}), dtype_);  // MLX convs are channels-last: [B, 3000, nMels]
  x = gelu(mx::conv1d(x, *conv1w_, 1, 1) + *conv1b_);
  x = gelu(mx::conv1d(x, *conv2w_, 2, 1) + *conv2b_);
  x = x + *audioPos_;
  for (const auto& b : encoderBlocks_) {
    x = selfAttention(b, x);
    x = x + b.mlp2(gelu(b.mlp1(b.mlpLn(x))));
  }
  x = lnPost_(x);
  mx::eval(x);
  auto out = std::make_shared<EncodedBatch>();
  out->features = x;
  out->batchSize = batchSize;
  return out;
}

std::vector<float> WhisperModel::encoderStates(const EncodedBatch& encoded) const { return toHost(*encoded.features); }

void WhisperModel::ensureCrossKv(EncodedBatch& enc) {
  if (!enc.crossKv.empty()) return;
  const int h = config_.dims.nTextHead;
  for (const auto& b : decoderBlocks_) {
    // Stored contiguous: a transposed view would be copied again by every step's attention.
    enc.crossKv.emplace_back(mx::contiguous(heads(b.cross->key(*enc.features), h)),
                             mx::contiguous(heads(b.cross->value(*enc.features), h)));
  }
  std::vector<mx::array> all;
  for (auto& kv : enc.crossKv) { all.push_back(kv.first); all.push_back(kv.second); }
  mx::eval(all);
}

void WhisperModel::applySelect(DecodeState& s) {
  if (!s.hasPendingSelect) return;
  std::vector<int32_t> sources;
  for (int32_t i : s.pendingSelect) sources.push_back(s.rowSources.at(static_cast<size_t>(i)));
  s.rowSources = std::move(sources);
  if (!s.selfKv.empty()) {
    mx::array idx(s.pendingSelect.begin(), mx::Shape{static_cast<int>(s.pendingSelect.size())}, mx::int32);
    for (auto& kv : s.selfKv) kv = {mx::take(kv.first, idx, 0), mx::take(kv.second, idx, 0)};
  }
  s.pendingSelect.clear();
  s.hasPendingSelect = false;
}

mx::array WhisperModel::embedTokens(const mx::array& tokens) const {
  const Linear& e = tokenEmbedding_;
  if (e.bits == 0) return mx::take(*e.weight, tokens, 0);
  return mx::dequantize(mx::take(*e.weight, tokens, 0), mx::take(*e.scales, tokens, 0), mx::take(*e.qbiases, tokens, 0),
                        e.groupSize, e.bits);
}

StepResult WhisperModel::step(DecodeState& s, const int32_t* tokens, int tokensPerRow, bool withAlignment) {
  const ModelDims& d = config_.dims;
  applySelect(s);
  const int rows = s.rows(), t = tokensPerRow, h = d.nTextHead, dh = d.nTextState / h;
  if (s.length + t > d.nTextCtx) {
    throw std::runtime_error("decode: " + std::to_string(s.length + t) + " tokens exceed the model's " +
                             std::to_string(d.nTextCtx) + " positions");
  }
  ensureCrossKv(*s.encoded);
  if (s.selfKv.empty()) {
    for (int l = 0; l < d.nTextLayer; l++) {
      s.selfKv.emplace_back(mx::zeros({rows, h, d.nTextCtx, dh}, dtype_), mx::zeros({rows, h, d.nTextCtx, dh}, dtype_));
    }
  }
  bool identity = rows == s.encoded->batchSize;
  for (int r = 0; identity && r < rows; r++) identity = s.rowSources[r] == r;
  mx::array sources(s.rowSources.begin(), mx::Shape{rows}, mx::int32);

  mx::array tok(tokens, mx::Shape{rows, t}, mx::int32);
  const int offset = s.length;
  mx::array x = embedTokens(tok) + mx::slice(*textPos_, mx::Shape{offset, 0}, mx::Shape{offset + t, d.nTextState});
  const mx::Shape newFrom{0, 0, offset, 0}, newTo{rows, h, offset + t, dh}, cacheFrom{0, 0, 0, 0};
  const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
  std::vector<mx::array> alignment;
  for (int l = 0; l < d.nTextLayer; l++) {
    const Block& b = decoderBlocks_[l];
    // Self-attention over the cache.
    mx::array y = b.attnLn(x);
    mx::array q = heads(b.attn.query(y), h);
    auto& [kc, vc] = s.selfKv[l];
    kc = mx::slice_update(kc, heads(b.attn.key(y), h), newFrom, newTo);
    vc = mx::slice_update(vc, heads(b.attn.value(y), h), newFrom, newTo);
    mx::array k = mx::slice(kc, cacheFrom, newTo);
    mx::array v = mx::slice(vc, cacheFrom, newTo);
    mx::array att = t > 1 ? mx::fast::scaled_dot_product_attention(q, k, v, scale, "causal")
                          : mx::fast::scaled_dot_product_attention(q, k, v, scale);
    x = x + b.attn.out(merge(att));
    // Cross-attention on the batch's K/V, gathered per row unless rows are the windows in order.
    y = b.crossLn(x);
    q = heads(b.cross->query(y), h);
    mx::array ck = identity ? s.encoded->crossKv[l].first : mx::take(s.encoded->crossKv[l].first, sources, 0);
    mx::array cv = identity ? s.encoded->crossKv[l].second : mx::take(s.encoded->crossKv[l].second, sources, 0);
    std::vector<int32_t> layerHeads;
    if (withAlignment)
      for (const auto& [al, ah] : alignmentHeads_)
        if (al == l) layerHeads.push_back(ah);
    if (layerHeads.empty()) {
      att = mx::fast::scaled_dot_product_attention(q, ck, cv, scale);
    } else {
      mx::array w = mx::softmax(mx::matmul(mx::astype(q, mx::float32) * scale,
                                           mx::swapaxes(mx::astype(ck, mx::float32), -1, -2)),
                                std::vector<int>{-1}, true);  // [R, H, T, nAudioCtx]
      att = mx::matmul(mx::astype(w, dtype_), cv);
      mx::array sel(layerHeads.begin(), mx::Shape{static_cast<int>(layerHeads.size())}, mx::int32);
      alignment.push_back(mx::take(w, sel, 1));
    }
    x = x + b.cross->out(merge(att));
    x = x + b.mlp2(gelu(b.mlp1(b.mlpLn(x))));
  }
  // Logits of each row's last position through the tied embedding.
  mx::array last = ln_(mx::slice(x, mx::Shape{0, t - 1, 0}, mx::Shape{rows, t, d.nTextState}));
  mx::array logits = mx::reshape(tokenEmbedding_(last), {rows, d.nVocab});
  std::vector<mx::array> outputs = {logits};
  for (auto& kv : s.selfKv) { outputs.push_back(kv.first); outputs.push_back(kv.second); }
  mx::eval(outputs);
  s.length = offset + t;
  StepResult result;
  result.logits = toHost(logits);
  if (!alignment.empty()) result.crossAttention = toHost(mx::concatenate(alignment, 1));
  return result;
}

}  // namespace wxts
