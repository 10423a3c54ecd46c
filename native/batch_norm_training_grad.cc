// batchNormTrainingGrad(dy, x, mean, variance, scale, dmean, dvariance, dx, dscale, doffset, epsilon): the
// gradient of batchNormTraining (batch_norm_training.cc) over [rows, channels] float32 arrays dy, x, dx;
// mean, variance (the forward's outputs), dscale, doffset: [channels]; scale, and the upstream gradients of
// the mean and variance outputs, dmean and dvariance: [channels] or null (1, 0 and 0).
// With N = rows, inv = 1 / sqrt(variance + epsilon), s = scale, S1 = sum(dy), S2 = sum(dy * (x - mean)),
// per channel (the mean and variance are functions of x, so their paths join dx's):
//   dx      = s * inv * (dy - S1 / N - (x - mean) * inv^2 * S2 / N) + dmean / N + dvariance * 2 (x - mean) / N
//           = A * dy + B * (x - mean) + C
//   dscale  = S2 * inv,  doffset = S1
// One pass for the two sums (channel_sum_pair.h), one for dx: TF.js's composition through tf.moments
// takes some fifteen over the whole activation.
#include <cmath>
#include <vector>
#include "channel_sum_pair.h"
#include "registry.h"

namespace {

Napi::Value BatchNormTrainingGrad(const Napi::CallbackInfo& info) {
  const char* fn = "batchNormTrainingGrad";
  cges::expectArgCount(info, fn, 11);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  cges::FloatArray mean = cges::floatArrayView(info, 2, fn, "mean");
  const int64_t channels = mean.length;
  if (channels < 1 || dy.length == 0 || dy.length % channels != 0) {
    cges::throwArg(info, fn, "mean", "must have a length dividing dy's non-zero length");
  }
  const float* x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  const float* variance = cges::floatArrayArg(info, 3, fn, "variance", channels);
  const float* scale = cges::optionalFloatArrayArg(info, 4, fn, "scale", channels);
  const float* dmean = cges::optionalFloatArrayArg(info, 5, fn, "dmean", channels);
  const float* dvariance = cges::optionalFloatArrayArg(info, 6, fn, "dvariance", channels);
  float* dx = cges::floatArrayArg(info, 7, fn, "dx", dy.length);
  float* dscale = cges::floatArrayArg(info, 8, fn, "dscale", channels);
  float* doffset = cges::floatArrayArg(info, 9, fn, "doffset", channels);
  if (!info[10].IsNumber()) cges::throwArg(info, fn, "epsilon", "must be a number");
  const double epsilon = info[10].As<Napi::Number>().DoubleValue();
  const int64_t rows = dy.length / channels;
  const float* g = dy.data;
  const float* m = mean.data;
  std::vector<double> s1(channels), s2(channels);
  cges::channelSumPair(rows, channels, [g, x, m, channels](int64_t r, float* a, float* b) {
    const float* gr = g + r * channels;
    const float* xr = x + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) {
      a[c] += gr[c];
      b[c] += gr[c] * (xr[c] - m[c]);
    }
  }, s1.data(), s2.data());
  std::vector<float> coefDy(channels), coefCentered(channels), constant(channels);
  const double n = static_cast<double>(rows);
  for (int64_t c = 0; c < channels; ++c) {
    const double inv = 1.0 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    const double a = (scale == nullptr ? 1.0 : scale[c]) * inv;
    const double dv = dvariance == nullptr ? 0.0 : dvariance[c];
    const double dm = dmean == nullptr ? 0.0 : dmean[c];
    coefDy[c] = static_cast<float>(a);
    coefCentered[c] = static_cast<float>((-a * inv * inv * s2[c] + 2.0 * dv) / n);
    constant[c] = static_cast<float>((-a * s1[c] + dm) / n);
    dscale[c] = static_cast<float>(s2[c] * inv);
    doffset[c] = static_cast<float>(s1[c]);
  }
  const float* pa = coefDy.data();
  const float* pb = coefCentered.data();
  const float* pc = constant.data();
#pragma omp parallel for schedule(static) if (dy.length >= cges::kElementwiseParallelMinimum)
  for (int64_t r = 0; r < rows; ++r) {
    const float* gr = g + r * channels;
    const float* xr = x + r * channels;
    float* o = dx + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) o[c] = pa[c] * gr[c] + pb[c] * (xr[c] - m[c]) + pc[c];
  }
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(batchNormTrainingGrad, BatchNormTrainingGrad);
