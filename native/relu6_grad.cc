// relu6Grad(dy, x, out): the gradient of relu6 in one pass, out = dy * mask(x) with mask 1 on (0, 6], NaN at
// NaN and 0 elsewhere: TF.js's own composition mul(dy, cast(mul(lessEqual(x, 6), step(x)))) element for
// element (dy * 0 keeps dy's NaN and turns its infinities into NaN, as there). dy, x, out: same length.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Relu6Grad(const Napi::CallbackInfo& info) {
  return cges::gradientEntry(info, "relu6Grad", [](float g, float v) { return g * cges::relu6Mask(v); });
}

}  // namespace

CGES_EXPORT(relu6Grad, Relu6Grad);
