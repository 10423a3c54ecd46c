// meanGrad(dy, out, outer, mid, inner, count): the gradient of a Mean over a run of adjacent axes, out viewed as
// [outer, mid, inner] and dy as [outer, inner]: out[o, m, i] = dy[o, i] / count. Equal to TF.js's
// div(mul(dy, ones(x.shape)), count) element for element, in one pass instead of three.
#include <omp.h>
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value MeanGrad(const Napi::CallbackInfo& info) {
  const char* fn = "meanGrad";
  cges::expectArgCount(info, fn, 6);
  const int64_t outer = cges::intArg(info, 2, fn, "outer", 1);
  const int64_t mid = cges::intArg(info, 3, fn, "mid", 1);
  const int64_t inner = cges::intArg(info, 4, fn, "inner", 1);
  if (!info[5].IsNumber()) cges::throwArg(info, fn, "count", "must be a number");
  const float count = info[5].As<Napi::Number>().FloatValue();
  const float* dy = cges::floatArrayArg(info, 0, fn, "dy", outer * inner);
  float* out = cges::floatArrayArg(info, 1, fn, "out", outer * mid * inner);
#pragma omp parallel for collapse(2) schedule(static) if (outer * mid * inner >= cges::kElementwiseParallelMinimum)
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t m = 0; m < mid; ++m) {
      const float* d = dy + o * inner;
      float* row = out + (o * mid + m) * inner;
#pragma omp simd
      for (int64_t i = 0; i < inner; ++i) row[i] = d[i] / count;
    }
  }
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(meanGrad, MeanGrad);
