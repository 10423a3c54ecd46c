// square(x, out): TF.js Square on float32, out = x * x (batch normalisation's variance squares every
// deviation of its input).
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Square(const Napi::CallbackInfo& info) {
  return cges::unaryEntry(info, "square", [](float v) { return v * v; });
}

}  // namespace

CGES_EXPORT(square, Square);
