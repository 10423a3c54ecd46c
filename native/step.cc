// step(x, alpha, out): TF.js Step on float32, out = x > 0 ? 1 : alpha, NaN kept as NaN. The relu gradient
// is dy * step(x), so this runs once per relu in every backward pass.
#include <cmath>
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Step(const Napi::CallbackInfo& info) {
  const char* fn = "step";
  cges::expectArgCount(info, fn, 3);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  if (!info[1].IsNumber()) cges::throwArg(info, fn, "alpha", "must be a number");
  float alpha = info[1].As<Napi::Number>().FloatValue();
  float* out = cges::floatArrayArg(info, 2, fn, "out", x.length);
  cges::unaryMap(x.data, out, x.length, [alpha](float v) { return v > 0 ? 1.0f : (v != v ? v : alpha); });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(step, Step);
