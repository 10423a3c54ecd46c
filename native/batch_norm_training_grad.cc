// batchNormTrainingGrad(dy, x, mean, variance, scale, offset, dmean, dvariance, dx, dscale, doffset, epsilon,
// activation): the gradient of CgesBatchNormTraining over [rows, channels] float32 arrays dy, x, dx; mean,
// variance (the forward's outputs), dscale, doffset: [channels]; scale, offset, and the upstream gradients of
// the mean and variance outputs, dmean and dvariance: [channels] or null (1, 0, 0 and 0).
// activation "linear": dy is the normalised output's gradient. "relu" or "relu6": dy is the gradient of that
// activation of the normalised output, which was never written (src/backend/kernels/normalise_epilogue.ts):
// the activation's mask is taken of the normalised value recomputed per element (channel_affine.h), so
// g = dy * mask(v) below is what TF.js's relu or relu6 gradient hands the normalisation.
// With N = rows, inv = 1 / sqrt(variance + epsilon), s = scale, S1 = sum(g), S2 = sum(g * (x - mean)), per
// channel (the mean and variance are functions of x, so their paths join dx's):
//   dx      = s * inv * (g - S1 / N - (x - mean) * inv^2 * S2 / N) + dmean / N + dvariance * 2 (x - mean) / N
//           = A * g + B * (x - mean) + C
//   dscale  = S2 * inv,  doffset = S1
// One pass for the two sums (channel_sum_pair.h), one for dx: TF.js's composition through tf.moments
// takes some fifteen over the whole activation, and the activation's gradient one more.
#include <cmath>
#include <vector>
#include "channel_affine.h"
#include "channel_sum_pair.h"
#include "registry.h"

namespace {

struct Operands {
  const float* dy;
  const float* x;
  const float* mean;
  const float* variance;
  const float* scale;
  const float* offset;
  const float* dmean;
  const float* dvariance;
  float* dx;
  float* dscale;
  float* doffset;
  double epsilon;
  int64_t rows, channels;
};

/** The gradient with g = upstream(dy, x, c) for element (r, c). */
template <typename Upstream>
void gradient(const Operands& o, Upstream upstream) {
  const int64_t channels = o.channels;
  const float* g = o.dy;
  const float* x = o.x;
  const float* m = o.mean;
  std::vector<double> s1(channels), s2(channels);
  cges::channelSumPair(o.rows, channels, [g, x, m, channels, upstream](int64_t r, float* a, float* b) {
    const float* gr = g + r * channels;
    const float* xr = x + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) {
      const float u = upstream(gr[c], xr[c], c);
      a[c] += u;
      b[c] += u * (xr[c] - m[c]);
    }
  }, s1.data(), s2.data());
  std::vector<float> coefDy(channels), coefCentered(channels), constant(channels);
  const double n = static_cast<double>(o.rows);
  for (int64_t c = 0; c < channels; ++c) {
    const double inv = 1.0 / std::sqrt(static_cast<double>(o.variance[c]) + o.epsilon);
    const double a = (o.scale == nullptr ? 1.0 : o.scale[c]) * inv;
    const double dv = o.dvariance == nullptr ? 0.0 : o.dvariance[c];
    const double dm = o.dmean == nullptr ? 0.0 : o.dmean[c];
    coefDy[c] = static_cast<float>(a);
    coefCentered[c] = static_cast<float>((-a * inv * inv * s2[c] + 2.0 * dv) / n);
    constant[c] = static_cast<float>((-a * s1[c] + dm) / n);
    o.dscale[c] = static_cast<float>(s2[c] * inv);
    o.doffset[c] = static_cast<float>(s1[c]);
  }
  const float* pa = coefDy.data();
  const float* pb = coefCentered.data();
  const float* pc = constant.data();
  float* dx = o.dx;
#pragma omp parallel for schedule(static) if (o.rows * channels >= cges::kElementwiseParallelMinimum)
  for (int64_t r = 0; r < o.rows; ++r) {
    const float* gr = g + r * channels;
    const float* xr = x + r * channels;
    float* out = dx + r * channels;
    const Upstream local = upstream;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) out[c] = pa[c] * local(gr[c], xr[c], c) + pb[c] * (xr[c] - m[c]) + pc[c];
  }
}

/** The gradient where dy is the gradient of mask's activation of the normalised output. */
template <typename Mask>
void gradientThroughActivation(const Operands& o, Mask mask) {
  std::vector<float> factor(o.channels), shift(o.channels);
  cges::normalisingAffine(o.variance, o.scale, o.offset, o.epsilon, o.channels, factor.data(), shift.data());
  const float* f = factor.data();
  const float* s = shift.data();
  const float* m = o.mean;
  gradient(o, [f, s, m, mask](float g, float x, int64_t c) {
    return g * mask(cges::normalisedValue(x, m[c], f[c], s[c]));
  });
}

Napi::Value BatchNormTrainingGrad(const Napi::CallbackInfo& info) {
  const char* fn = "batchNormTrainingGrad";
  cges::expectArgCount(info, fn, 13);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  cges::FloatArray mean = cges::floatArrayView(info, 2, fn, "mean");
  const int64_t channels = mean.length;
  if (channels < 1 || dy.length == 0 || dy.length % channels != 0) {
    cges::throwArg(info, fn, "mean", "must have a length dividing dy's non-zero length");
  }
  Operands o{};
  o.dy = dy.data;
  o.x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  o.mean = mean.data;
  o.variance = cges::floatArrayArg(info, 3, fn, "variance", channels);
  o.scale = cges::optionalFloatArrayArg(info, 4, fn, "scale", channels);
  o.offset = cges::optionalFloatArrayArg(info, 5, fn, "offset", channels);
  o.dmean = cges::optionalFloatArrayArg(info, 6, fn, "dmean", channels);
  o.dvariance = cges::optionalFloatArrayArg(info, 7, fn, "dvariance", channels);
  o.dx = cges::floatArrayArg(info, 8, fn, "dx", dy.length);
  o.dscale = cges::floatArrayArg(info, 9, fn, "dscale", channels);
  o.doffset = cges::floatArrayArg(info, 10, fn, "doffset", channels);
  if (!info[11].IsNumber()) cges::throwArg(info, fn, "epsilon", "must be a number");
  o.epsilon = info[11].As<Napi::Number>().DoubleValue();
  o.rows = dy.length / channels;
  o.channels = channels;
  switch (cges::affineActivationArg(info, 12, fn)) {
    case cges::AffineActivation::kLinear:
      gradient(o, [](float g, float, int64_t) { return g; });
      break;
    case cges::AffineActivation::kRelu:
      gradientThroughActivation(o, [](float v) { return cges::reluStep(v); });
      break;
    case cges::AffineActivation::kRelu6:
      gradientThroughActivation(o, [](float v) { return cges::relu6Mask(v); });
      break;
  }
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(batchNormTrainingGrad, BatchNormTrainingGrad);
