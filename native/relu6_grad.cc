// relu6Grad(dy, x, out): the gradient of relu6 in one pass, out = dy * mask(x) with mask 1 on (0, 6], NaN at
// NaN and 0 elsewhere: TF.js's own composition mul(dy, cast(mul(lessEqual(x, 6), step(x)))) element for
// element (dy * 0 keeps dy's NaN and turns its infinities into NaN, as there). dy, x, out: same length.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Relu6Grad(const Napi::CallbackInfo& info) {
  const char* fn = "relu6Grad";
  cges::expectArgCount(info, fn, 3);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  const float* x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  float* out = cges::floatArrayArg(info, 2, fn, "out", dy.length);
  cges::binaryMap(dy.data, x, out, dy.length, [](float g, float v) {
    const float mask = v > 0 && v <= 6 ? 1.0f : (v != v ? v : 0.0f);
    return g * mask;
  });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(relu6Grad, Relu6Grad);
