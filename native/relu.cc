// relu(x, out): TF.js Relu on float32, out = max(0, x) with NaN kept as NaN (as Math.max does).
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Relu(const Napi::CallbackInfo& info) {
  // NaN < 0 is false, so NaN passes through.
  return cges::unaryEntry(info, "relu", [](float v) { return v < 0 ? 0.0f : v; });
}

}  // namespace

CGES_EXPORT(relu, Relu);
