// floor(x, out): TF.js Floor on float32, out = floor(x), signed zeros, infinities and NaN kept. Dropout
// floors its uniform noise plus the keep probability into the 0/1 mask with it, at every training step.
#include <cmath>
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Floor(const Napi::CallbackInfo& info) {
  return cges::unaryEntry(info, "floor", [](float v) { return std::floor(v); });
}

}  // namespace

CGES_EXPORT(floor, Floor);
