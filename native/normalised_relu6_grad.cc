// normalisedRelu6Grad(dy, x, mean, variance, offset, scale, out, epsilon): relu6's gradient where relu6's
// input is a batch normalisation's output that was never written (src/backend/kernels/normalise_epilogue.ts):
// out = dy * relu6Mask(v), v = offset + (x - mean) * scale / sqrt(variance + epsilon) recomputed per element
// with the very operations that would have written it (channel_affine.h), so the mask is the one TF.js's
// relu6 gradient takes of the written values. dy, x, out: [rows, channels]; mean, variance, offset, scale:
// [channels], offset and scale may be null (0 and 1).
#include <vector>
#include "channel_affine.h"
#include "registry.h"

namespace {

Napi::Value NormalisedRelu6Grad(const Napi::CallbackInfo& info) {
  const char* fn = "normalisedRelu6Grad";
  cges::expectArgCount(info, fn, 8);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  cges::FloatArray mean = cges::floatArrayView(info, 2, fn, "mean");
  const int64_t channels = mean.length;
  if (channels < 1 || dy.length % channels != 0) cges::throwArg(info, fn, "mean", "must have a length dividing dy's");
  const float* x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  const float* variance = cges::floatArrayArg(info, 3, fn, "variance", channels);
  const float* offset = cges::optionalFloatArrayArg(info, 4, fn, "offset", channels);
  const float* scale = cges::optionalFloatArrayArg(info, 5, fn, "scale", channels);
  float* out = cges::floatArrayArg(info, 6, fn, "out", dy.length);
  if (!info[7].IsNumber()) cges::throwArg(info, fn, "epsilon", "must be a number");
  const double epsilon = info[7].As<Napi::Number>().DoubleValue();
  std::vector<float> factor(channels), shift(channels);
  cges::normalisingAffine(variance, scale, offset, epsilon, channels, factor.data(), shift.data());
  cges::maskedByNormalised(dy.data, x, mean.data, factor.data(), shift.data(), out, dy.length / channels, channels,
                           [](float v) { return cges::relu6Mask(v); });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(normalisedRelu6Grad, NormalisedRelu6Grad);
