// batchNormTraining(x, scale, offset, out, mean, variance, epsilon): batch normalisation in training mode
// over a [rows, channels] float32 array x (any shape whose last axis is the channel). scale, offset:
// [channels] or null (1 and 0); out: x's length; mean, variance: [channels], written.
//   mean[c] = the mean of x[., c]; variance[c] = the mean of (x[., c] - mean[c])^2 (biased, as tf.moments);
//   out = offset + (x - mean) * scale / sqrt(variance + epsilon).
// Two passes over x, where tf.moments and tf.batchNorm take five: the sums of x - k and (x - k)^2 in one
// (float64, with k the first row, so that a large mean does not cancel the variance away), then the affine
// map (channel_affine.h).
#include <algorithm>
#include <vector>
#include "channel_affine.h"
#include "channel_sum_pair.h"
#include "registry.h"

namespace {

Napi::Value BatchNormTraining(const Napi::CallbackInfo& info) {
  const char* fn = "batchNormTraining";
  cges::expectArgCount(info, fn, 7);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  cges::FloatArray meanOut = cges::floatArrayView(info, 4, fn, "mean");
  const int64_t channels = meanOut.length;
  if (channels < 1 || x.length == 0 || x.length % channels != 0) {
    cges::throwArg(info, fn, "mean", "must have a length dividing x's non-zero length");
  }
  const float* scale = cges::optionalFloatArrayArg(info, 1, fn, "scale", channels);
  const float* offset = cges::optionalFloatArrayArg(info, 2, fn, "offset", channels);
  float* out = cges::floatArrayArg(info, 3, fn, "out", x.length);
  float* variance = cges::floatArrayArg(info, 5, fn, "variance", channels);
  if (!info[6].IsNumber()) cges::throwArg(info, fn, "epsilon", "must be a number");
  const double epsilon = info[6].As<Napi::Number>().DoubleValue();
  const int64_t rows = x.length / channels;
  const float* in = x.data;
  const std::vector<float> shiftBy(in, in + channels);
  const float* k = shiftBy.data();
  std::vector<double> sum(channels), sumSquares(channels);
  cges::channelSumPair(rows, channels, [in, k, channels](int64_t r, float* s, float* q) {
    const float* xr = in + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) {
      const float d = xr[c] - k[c];
      s[c] += d;
      q[c] += d * d;
    }
  }, sum.data(), sumSquares.data());
  for (int64_t c = 0; c < channels; ++c) {
    const double shifted = sum[c] / static_cast<double>(rows);
    meanOut.data[c] = static_cast<float>(k[c] + shifted);
    variance[c] = static_cast<float>(std::max(0.0, sumSquares[c] / static_cast<double>(rows) - shifted * shifted));
  }
  std::vector<float> factor(channels), shift(channels);
  cges::normalisingAffine(variance, scale, offset, epsilon, channels, factor.data(), shift.data());
  cges::channelAffine(in, meanOut.data, factor.data(), shift.data(), out, rows, channels);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(batchNormTraining, BatchNormTraining);
