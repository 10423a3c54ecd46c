// neg(x, out): TF.js Neg on float32, out = -x. Softmax cross-entropy negates its per-class terms with it.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Neg(const Napi::CallbackInfo& info) {
  return cges::unaryEntry(info, "neg", [](float v) { return -v; });
}

}  // namespace

CGES_EXPORT(neg, Neg);
