// The per-channel affine map batch normalisation ends in: out[r, c] = (x[r, c] - center[c]) * factor[c] +
// shift[c] over a [rows, channels] float32 array (any shape whose last axis is the channel). Inference
// (FusedBatchNorm) and training (BatchNormTraining) normalise with it; one multiply-add per element, as
// bound by memory as a copy.
#pragma once
#include <cmath>
#include <cstdint>
#include "elementwise.h"

namespace cges {

/**
 * factor[c] = scale[c] / sqrt(variance[c] + epsilon), taken in float64 and rounded once, and shift[c] =
 * offset[c]; a null scale or offset stands for 1 or 0.
 */
inline void normalisingAffine(const float* variance, const float* scale, const float* offset, double epsilon,
                              int64_t channels, float* factor, float* shift) {
  for (int64_t c = 0; c < channels; ++c) {
    const double f = (scale == nullptr ? 1.0 : scale[c]) / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    factor[c] = static_cast<float>(f);
    shift[c] = offset == nullptr ? 0.0f : offset[c];
  }
}

inline void channelAffine(const float* x, const float* center, const float* factor, const float* shift,
                          float* out, int64_t rows, int64_t channels) {
#pragma omp parallel for schedule(static) if (rows * channels >= kElementwiseParallelMinimum)
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * channels;
    float* o = out + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) o[c] = shift[c] + (xr[c] - center[c]) * factor[c];
  }
}

}  // namespace cges
