// neg(x, out): TF.js Neg on float32, out = -x. Softmax cross-entropy negates its per-class terms with it.
#include <cmath>
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Neg(const Napi::CallbackInfo& info) {
  const char* fn = "neg";
  cges::expectArgCount(info, fn, 2);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  float* out = cges::floatArrayArg(info, 1, fn, "out", x.length);
  cges::unaryMap(x.data, out, x.length, [](float v) { return -v; });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(neg, Neg);
