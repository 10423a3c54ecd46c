// add(a, b, out, inner): TF.js Add on float32, out = a + b, the shorter input repeating in blocks of
// inner (elementwise.h).
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Add(const Napi::CallbackInfo& info) {
  return cges::cyclicBinaryEntry(info, "add", [](float a, float b) { return a + b; });
}

}  // namespace

CGES_EXPORT(add, Add);
