// squareGrad(dy, x, out): the gradient of square, out = dy * (x * 2), TF.js's mul(dy, mul(x, 2)) element for
// element in one pass instead of two. dy, x, out: same length.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value SquareGrad(const Napi::CallbackInfo& info) {
  return cges::gradientEntry(info, "squareGrad", [](float g, float v) { return g * (v * 2.0f); });
}

}  // namespace

CGES_EXPORT(squareGrad, SquareGrad);
