// clipByValueGrad(dy, x, min, max, out): the gradient of clipByValue in one pass, out = min <= x <= max ? dy : 0,
// which is TF.js's where(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), dy, zerosLike(dy)) element for
// element (dy passes unchanged, NaN and infinities too; x NaN gives 0). dy, x, out: same length.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value ClipByValueGrad(const Napi::CallbackInfo& info) {
  const char* fn = "clipByValueGrad";
  cges::expectArgCount(info, fn, 5);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  const float* x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  if (!info[2].IsNumber()) cges::throwArg(info, fn, "min", "must be a number");
  if (!info[3].IsNumber()) cges::throwArg(info, fn, "max", "must be a number");
  const float lo = info[2].As<Napi::Number>().FloatValue(), hi = info[3].As<Napi::Number>().FloatValue();
  float* out = cges::floatArrayArg(info, 4, fn, "out", dy.length);
  cges::binaryMap(dy.data, x, out, dy.length, [lo, hi](float g, float v) { return v >= lo && v <= hi ? g : 0.0f; });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(clipByValueGrad, ClipByValueGrad);
