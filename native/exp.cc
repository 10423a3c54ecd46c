// exp(x, out): TF.js Exp on float32, out = e^x (log-softmax and its gradient), in float64 rounded once
// (elementwise.h's expRounded): these run on small tensors, where the slower float64 call costs nothing.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Exp(const Napi::CallbackInfo& info) {
  return cges::unaryEntry(info, "exp", [](float v) { return cges::expRounded(v); });
}

}  // namespace

CGES_EXPORT(exp, Exp);
