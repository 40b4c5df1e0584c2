// Softmax over the last axis (and GELU) of float32 arrays for MLX's CPU backend, as custom MLX primitives.
//
// Why: the Linux wheel's own CPU kernels are scalar (simd::exp<float, 1> calling libm's fmaf per
// step) and run on one thread; profiled on whisper-tiny, that softmax took about half of the
// encoder's time (6 heads x 1500 x 1500 per layer and window). This one computes exp with a
// branch-free polynomial the compiler vectorizes (an AVX2+FMA clone on x86-64, chosen at run time)
// and splits the rows over the machine's cores. GPU arrays keep MLX's own softmax.
#pragma once
#include "mlx/mlx.h"

namespace wxts {

/** softmax(x, axis=-1) of a float32 CPU array (any shape; made row-contiguous first). */
mlx::core::array cpuSoftmax(const mlx::core::array& x);

/** Exact (erf) GELU of a float32 CPU array, vectorized the same way (erf: Abramowitz-Stegun 7.1.26). */
mlx::core::array cpuGelu(const mlx::core::array& x);

/** The row kernel itself (exposed for tests): y[r, :] = softmax(x[r, :]) for `rows` rows of `cols`. */
void softmaxRows(const float* x, float* y, size_t rows, size_t cols);

}  // namespace wxts
