// relu6(x, out): TF.js Relu6 on float32, out = min(max(x, 0), 6) with NaN kept as NaN (as Math.min and
// Math.max do).
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Relu6(const Napi::CallbackInfo& info) {
  // Both comparisons are false for NaN, so NaN passes through.
  return cges::unaryEntry(info, "relu6", [](float v) { return v < 0 ? 0.0f : (v > 6 ? 6.0f : v); });
}

}  // namespace

CGES_EXPORT(relu6, Relu6);
