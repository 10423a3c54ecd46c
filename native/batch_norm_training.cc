// batchNormTraining(x, mean, variance): the statistics of batch normalisation in training mode over a
// [rows, channels] float32 array x (any shape whose last axis is the channel); mean, variance: [channels],
// written:
//   mean[c] = the mean of x[., c]; variance[c] = the mean of (x[., c] - mean[c])^2 (biased, as tf.moments).
// One pass over x, where tf.moments takes four: the sums of x - k and (x - k)^2 together, in float64, with
// k the first row, so that a large mean does not cancel the variance away. The normalised output is
// fusedBatchNorm's (fused_batch_norm.cc), computed when read.
#include <algorithm>
#include <vector>
#include "channel_sum_pair.h"
#include "registry.h"

namespace {

Napi::Value BatchNormTraining(const Napi::CallbackInfo& info) {
  const char* fn = "batchNormTraining";
  cges::expectArgCount(info, fn, 3);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  cges::FloatArray mean = cges::floatArrayView(info, 1, fn, "mean");
  const int64_t channels = mean.length;
  if (channels < 1 || x.length == 0 || x.length % channels != 0) {
    cges::throwArg(info, fn, "mean", "must have a length dividing x's non-zero length");
  }
  float* variance = cges::floatArrayArg(info, 2, fn, "variance", channels);
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
    mean.data[c] = static_cast<float>(k[c] + shifted);
    variance[c] = static_cast<float>(std::max(0.0, sumSquares[c] / static_cast<double>(rows) - shifted * shifted));
  }
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(batchNormTraining, BatchNormTraining);
