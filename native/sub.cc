// sub(a, b, out, inner): TF.js Sub on float32, out = a - b, the shorter input repeating in blocks of inner
// (elementwise.h). Softmax cross-entropy subtracts each row's max and log-sum-exp with it.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Sub(const Napi::CallbackInfo& info) {
  return cges::cyclicBinaryEntry(info, "sub", [](float a, float b) { return a - b; });
}

}  // namespace

CGES_EXPORT(sub, Sub);
