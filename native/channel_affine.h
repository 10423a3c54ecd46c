// The per-channel affine map batch normalisation ends in, with the activation that may follow it:
// out[r, c] = act((x[r, c] - center[c]) * factor[c] + shift[c]) over a [rows, channels] float32 array (any
// shape whose last axis is the channel), act one of linear, relu and relu6 (NaN kept, as TF.js's kernels
// keep it). Inference (FusedBatchNorm) and training (CgesBatchNormTraining) normalise with it; a relu or
// relu6 reading the normalised output joins it (src/backend/kernels/normalise_epilogue.ts). One
// multiply-add per element, as bound by memory as a copy.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include "elementwise.h"
#include "napi_args.h"

namespace cges {

enum class AffineActivation { kLinear, kRelu, kRelu6 };

/** Argument i: "linear", "relu" or "relu6". */
inline AffineActivation affineActivationArg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  if (!info[i].IsString()) throwArg(info, fn, "activation", "must be a string");
  const std::string name = info[i].As<Napi::String>().Utf8Value();
  if (name == "linear") return AffineActivation::kLinear;
  if (name == "relu") return AffineActivation::kRelu;
  if (name == "relu6") return AffineActivation::kRelu6;
  throwArg(info, fn, "activation", "must be linear, relu or relu6");
}

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

/** The normalised value of one element, as channelAffine writes it before its activation. */
inline float normalisedValue(float x, float center, float factor, float shift) {
  return shift + (x - center) * factor;
}

template <typename Act>
void channelAffineLoop(const float* x, const float* center, const float* factor, const float* shift, float* out,
                       int64_t rows, int64_t channels, Act act) {
#pragma omp parallel for schedule(static) if (rows * channels >= kElementwiseParallelMinimum)
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * channels;
    float* o = out + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) o[c] = act(normalisedValue(xr[c], center[c], factor[c], shift[c]));
  }
}

inline void channelAffine(const float* x, const float* center, const float* factor, const float* shift,
                          float* out, int64_t rows, int64_t channels, AffineActivation activation) {
  // Comparisons are false for NaN, so NaN passes through, as in relu.cc and relu6.cc.
  switch (activation) {
    case AffineActivation::kLinear:
      channelAffineLoop(x, center, factor, shift, out, rows, channels, [](float v) { return v; });
      break;
    case AffineActivation::kRelu:
      channelAffineLoop(x, center, factor, shift, out, rows, channels, [](float v) { return v < 0 ? 0.0f : v; });
      break;
    case AffineActivation::kRelu6:
      channelAffineLoop(x, center, factor, shift, out, rows, channels,
                        [](float v) { return v < 0 ? 0.0f : (v > 6 ? 6.0f : v); });
      break;
  }
}

/** out = dy * mask(the normalised x), over [rows, channels]: an activation's gradient read from x. */
template <typename Mask>
void maskedByNormalised(const float* dy, const float* x, const float* center, const float* factor,
                        const float* shift, float* out, int64_t rows, int64_t channels, Mask mask) {
#pragma omp parallel for schedule(static) if (rows * channels >= kElementwiseParallelMinimum)
  for (int64_t r = 0; r < rows; ++r) {
    const float* gr = dy + r * channels;
    const float* xr = x + r * channels;
    float* o = out + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) {
      o[c] = gr[c] * mask(normalisedValue(xr[c], center[c], factor[c], shift[c]));
    }
  }
}

}  // namespace cges
