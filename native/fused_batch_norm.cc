// fusedBatchNorm(x, mean, variance, offset, scale, out, epsilon, activation): TF.js FusedBatchNorm on float32 with
// per-channel statistics. x, out: [rows, channels] (any shape whose last axis is the channel); mean,
// variance: [channels]; offset, scale: [channels] or null (0 and 1).
// out = act(offset + (x - mean) * scale / sqrt(variance + epsilon)), act linear, relu or relu6 (a relu
// reading the output joins it): the factor is taken per channel in float64, then one multiply-add per
// element (channel_affine.h).
#include <vector>
#include "channel_affine.h"
#include "registry.h"

namespace {

Napi::Value FusedBatchNorm(const Napi::CallbackInfo& info) {
  const char* fn = "fusedBatchNorm";
  cges::expectArgCount(info, fn, 8);
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
  const cges::AffineActivation activation = cges::affineActivationArg(info, 7, fn);
  std::vector<float> factor(channels), shift(channels);
  cges::normalisingAffine(variance, scale, offset, epsilon, channels, factor.data(), shift.data());
  cges::channelAffine(x.data, mean.data, factor.data(), shift.data(), out, x.length / channels, channels,
                      activation);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(fusedBatchNorm, FusedBatchNorm);
