// fusedBatchNorm(x, mean, variance, offset, scale, out, epsilon): TF.js FusedBatchNorm on float32 with
// per-channel statistics. x, out: [rows, channels] (any shape whose last axis is the channel); mean,
// variance: [channels]; offset, scale: [channels] or null (0 and 1).
// out = offset + (x - mean) * scale / sqrt(variance + epsilon): the factor is taken per channel in float64,
// then one multiply-add per element, as bound by memory as a copy.
#include <cmath>
#include <vector>
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value FusedBatchNorm(const Napi::CallbackInfo& info) {
  const char* fn = "fusedBatchNorm";
  cges::expectArgCount(info, fn, 7);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  cges::FloatArray mean = cges::floatArrayView(info, 1, fn, "mean");
  const int64_t channels = mean.length;
  if (channels < 1 || x.length % channels != 0) cges::throwArg(info, fn, "mean", "must have a length dividing x's");
  const float* variance = cges::floatArrayArg(info, 2, fn, "variance", channels);
  const float* offset = cges::optionalFloatArrayArg(info, 3, fn, "offset", channels);
  const float* scale = cges::optionalFloatArrayArg(info, 4, fn, "scale", channels);
  float* out = cges::floatArrayArg(info, 5, fn, "out", x.length);
  if (!info[6].IsNumber()) cges::throwArg(info, fn, "epsilon", "must be a number");
  const double epsilon = info[6].As<Napi::Number>().DoubleValue();
  std::vector<float> factor(channels), shift(channels);
  for (int64_t c = 0; c < channels; ++c) {
    const double f = (scale == nullptr ? 1.0 : scale[c]) / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    factor[c] = static_cast<float>(f);
    shift[c] = offset == nullptr ? 0.0f : offset[c];
  }
  const float* m = mean.data;
  const float* a = factor.data();
  const float* b = shift.data();
  const float* in = x.data;
  const int64_t rows = x.length / channels;
#pragma omp parallel for schedule(static) if (x.length >= cges::kElementwiseParallelMinimum)
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = in + r * channels;
    float* o = out + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) o[c] = b[c] + (xr[c] - m[c]) * a[c];
  }
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(fusedBatchNorm, FusedBatchNorm);
