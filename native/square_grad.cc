// squareGrad(dy, x, out): the gradient of square, out = dy * (x * 2), TF.js's mul(dy, mul(x, 2)) element for
// element in one pass instead of two. dy, x, out: same length.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value SquareGrad(const Napi::CallbackInfo& info) {
  const char* fn = "squareGrad";
  cges::expectArgCount(info, fn, 3);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  const float* x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  float* out = cges::floatArrayArg(info, 2, fn, "out", dy.length);
  cges::binaryMap(dy.data, x, out, dy.length, [](float g, float v) { return g * (v * 2.0f); });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(squareGrad, SquareGrad);
