// realDiv(a, b, out, inner): TF.js RealDiv on float32, out = a / b, the shorter input repeating in blocks
// of inner (elementwise.h). Dropout divides every kept activation by the keep probability with it.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value RealDiv(const Napi::CallbackInfo& info) {
  return cges::cyclicBinaryEntry(info, "realDiv", [](float a, float b) { return a / b; });
}

}  // namespace

CGES_EXPORT(realDiv, RealDiv);
