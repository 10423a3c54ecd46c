// relu(x, out): TF.js Relu on float32, out = max(0, x) with NaN kept as NaN (as Math.max does).
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Relu(const Napi::CallbackInfo& info) {
  const char* fn = "relu";
  cges::expectArgCount(info, fn, 2);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  float* out = cges::floatArrayArg(info, 1, fn, "out", x.length);
  // NaN < 0 is false, so NaN passes through.
  cges::unaryMap(x.data, out, x.length, [](float v) { return v < 0 ? 0.0f : v; });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(relu, Relu);
