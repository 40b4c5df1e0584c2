#include "cpu_softmax.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

#include "mlx/backend/cpu/encoder.h"
#include "mlx/primitives.h"

namespace wxts {
namespace mx = mlx::core;

namespace {

#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__)
#define WXTS_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define WXTS_CLONES
#endif

// exp(x) for x <= 0 (inputs have the row max subtracted): n = round(x / ln2), r = x - n ln2 (split
// in two constants), exp(r) by Cephes' degree-6 polynomial, times 2^n built from the exponent bits.
// Relative error about 2e-7; branch-free so the loops below vectorize.
inline float expNonPositive(float x) {
  x = std::max(x, -87.0f);
  const float n = std::floor(x * 1.44269504088896341f + 0.5f);
  const float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  return p * std::bit_cast<float>(bits);
}

constexpr size_t kLanes = 16;

WXTS_CLONES void softmaxRow(const float* x, float* y, size_t n) {
  float lane[kLanes];
  for (size_t l = 0; l < kLanes; l++) lane[l] = -INFINITY;
  size_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (size_t l = 0; l < kLanes; l++) lane[l] = std::max(lane[l], x[j + l]);
  float m = -INFINITY;
  for (size_t l = 0; l < kLanes; l++) m = std::max(m, lane[l]);
  for (; j < n; j++) m = std::max(m, x[j]);
  if (m == -INFINITY) m = 0.0f;  // a fully masked row: exp(-inf) = 0 below, then 0 / 0 as MLX gives NaN
  float sum[kLanes] = {};
  j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (size_t l = 0; l < kLanes; l++) {
      const float e = expNonPositive(x[j + l] - m);
      y[j + l] = e;
      sum[l] += e;
    }
  float s = 0.0f;
  for (size_t l = 0; l < kLanes; l++) s += sum[l];
  for (; j < n; j++) {
    y[j] = expNonPositive(x[j] - m);
    s += y[j];
  }
  const float inv = 1.0f / s;
  for (j = 0; j < n; j++) y[j] *= inv;
}

// GELU(x) = x/2 (1 + erf(x / sqrt 2)); erf(z) = 1 - t (a1 + t (a2 + ...)) exp(-z^2), t = 1 / (1 + p|z|),
// absolute error <= 1.5e-7 (Abramowitz-Stegun 7.1.26), sign restored with copysign.
WXTS_CLONES void geluRange(const float* x, float* y, size_t n) {
  for (size_t j = 0; j < n; j++) {
    const float v = x[j];
    const float z = std::fabs(v) * 0.7071067811865476f;
    const float t = 1.0f / (1.0f + 0.3275911f * z);
    const float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
    const float erfAbs = 1.0f - poly * expNonPositive(-z * z);
    y[j] = 0.5f * v * (1.0f + std::copysign(erfAbs, v));
  }
}

/** Run body(from, to) over [0, count) on up to 8 threads when the work is large enough. */
template <class Body>
void parallelFor(size_t count, size_t workPerItem, Body body) {
  const size_t cores = std::max<size_t>(1, std::min<size_t>(8, std::thread::hardware_concurrency()));
  const size_t parts = count * workPerItem < (size_t{1} << 18) ? 1 : std::min(cores, count);
  if (parts <= 1) return body(size_t{0}, count);
  std::vector<std::thread> threads;
  const size_t per = (count + parts - 1) / parts;
  for (size_t p = 1; p < parts; p++) threads.emplace_back(body, std::min(count, p * per), std::min(count, (p + 1) * per));
  body(size_t{0}, std::min(count, per));
  for (auto& t : threads) t.join();
}

class Gelu : public mx::Primitive {
 public:
  explicit Gelu(mx::Stream s) : mx::Primitive(s) {}
  void eval_cpu(const std::vector<mx::array>& inputs, std::vector<mx::array>& outputs) override {
    const mx::array& x = inputs[0];
    mx::array& y = outputs[0];
    if (!x.flags().row_contiguous) throw std::runtime_error("cpuGelu: input must be row-contiguous");
    y.set_data(mx::allocator::malloc(y.nbytes()));
    auto& encoder = mx::cpu::get_command_encoder(stream());
    encoder.set_input_array(x);
    encoder.set_output_array(y);
    encoder.dispatch([src = x.data<float>(), dst = y.data<float>(), n = x.size()]() {
      constexpr size_t kBlock = 4096;
      parallelFor((n + kBlock - 1) / kBlock, kBlock, [=](size_t from, size_t to) {
        for (size_t b = from; b < to; b++) geluRange(src + b * kBlock, dst + b * kBlock, std::min(kBlock, n - b * kBlock));
      });
    });
  }
  void eval_gpu(const std::vector<mx::array>&, std::vector<mx::array>&) override {
    throw std::runtime_error("cpuGelu runs on the CPU only");
  }
  const char* name() const override { return "WxtsGelu"; }
  bool is_equivalent(const mx::Primitive& other) const override { return dynamic_cast<const Gelu*>(&other) != nullptr; }
};

class RowSoftmax : public mx::Primitive {
 public:
  explicit RowSoftmax(mx::Stream s) : mx::Primitive(s) {}

  void eval_cpu(const std::vector<mx::array>& inputs, std::vector<mx::array>& outputs) override {
    const mx::array& x = inputs[0];
    mx::array& y = outputs[0];
    if (!x.flags().row_contiguous) throw std::runtime_error("cpuSoftmax: input must be row-contiguous");
    y.set_data(mx::allocator::malloc(y.nbytes()));
    auto& encoder = mx::cpu::get_command_encoder(stream());
    encoder.set_input_array(x);
    encoder.set_output_array(y);
    const size_t cols = static_cast<size_t>(x.shape(-1));
    const size_t rows = cols == 0 ? 0 : x.size() / cols;
    encoder.dispatch([src = x.data<float>(), dst = y.data<float>(), rows, cols]() { softmaxRows(src, dst, rows, cols); });
  }
  void eval_gpu(const std::vector<mx::array>&, std::vector<mx::array>&) override {
    throw std::runtime_error("cpuSoftmax runs on the CPU only");
  }
  const char* name() const override { return "WxtsRowSoftmax"; }
  bool is_equivalent(const mx::Primitive& other) const override { return dynamic_cast<const RowSoftmax*>(&other) != nullptr; }
};

}  // namespace

void softmaxRows(const float* x, float* y, size_t rows, size_t cols) {
  parallelFor(rows, cols, [=](size_t from, size_t to) {
    for (size_t r = from; r < to; r++) softmaxRow(x + r * cols, y + r * cols, cols);
  });
}

mx::array cpuSoftmax(const mx::array& x) {
  if (x.dtype() != mx::float32) throw std::runtime_error("cpuSoftmax needs float32");
  mx::array in = mx::contiguous(x);
  const mx::Stream s = mx::default_stream(mx::Device::cpu);
  return mx::array(in.shape(), mx::float32, std::make_shared<RowSoftmax>(s), {in});
}

}  // namespace wxts

namespace wxts {
mx::array cpuGelu(const mx::array& x) {
  if (x.dtype() != mx::float32) throw std::runtime_error("cpuGelu needs float32");
  mx::array in = mx::contiguous(x);
  return mx::array(in.shape(), mx::float32, std::make_shared<Gelu>(mx::default_stream(mx::Device::cpu)), {in});
}
}  // namespace wxts
