// floor(x, out): TF.js Floor on float32, out = floor(x), signed zeros, infinities and NaN kept. Dropout
// floors its uniform noise plus the keep probability into the 0/1 mask with it, at every training step.
#include <cmath>
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Floor(const Napi::CallbackInfo& info) {
  const char* fn = "floor";
  cges::expectArgCount(info, fn, 2);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  float* out = cges::floatArrayArg(info, 1, fn, "out", x.length);
  cges::unaryMap(x.data, out, x.length, [](float v) { return std::floor(v); });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(floor, Floor);
