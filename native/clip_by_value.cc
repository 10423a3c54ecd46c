// clipByValue(x, min, max, out): TF.js ClipByValue on float32, out = x > max ? max : (x < min ? min : x), NaN
// kept as NaN. A Keras ReLU(6.) layer (MobileNetV2's activation), converted to TF.js, is relu then this.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value ClipByValue(const Napi::CallbackInfo& info) {
  const char* fn = "clipByValue";
  cges::expectArgCount(info, fn, 4);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  if (!info[1].IsNumber()) cges::throwArg(info, fn, "min", "must be a number");
  if (!info[2].IsNumber()) cges::throwArg(info, fn, "max", "must be a number");
  const float lo = info[1].As<Napi::Number>().FloatValue(), hi = info[2].As<Napi::Number>().FloatValue();
  float* out = cges::floatArrayArg(info, 3, fn, "out", x.length);
  cges::unaryMap(x.data, out, x.length, [lo, hi](float v) { return v > hi ? hi : (v < lo ? lo : v); });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(clipByValue, ClipByValue);
