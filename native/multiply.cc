// multiply(a, b, out, inner): TF.js Multiply on float32, out = a * b, the shorter input repeating in
// blocks of inner (elementwise.h).
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Multiply(const Napi::CallbackInfo& info) {
  return cges::cyclicBinaryEntry(info, "multiply", [](float a, float b) { return a * b; });
}

}  // namespace

CGES_EXPORT(multiply, Multiply);
