// exp(x, out): TF.js Exp on float32, out = e^x (log-softmax and its gradient).
#include <cmath>
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Exp(const Napi::CallbackInfo& info) {
  const char* fn = "exp";
  cges::expectArgCount(info, fn, 2);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  float* out = cges::floatArrayArg(info, 1, fn, "out", x.length);
  // In float64 and rounded once, as the cpu kernel rounds Math.exp, so both backends agree to the last bit
  // almost everywhere; these run on small tensors, where the slower float64 call costs nothing that shows.
  cges::unaryMap(x.data, out, x.length, [](float v) { return static_cast<float>(std::exp(static_cast<double>(v))); });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(exp, Exp);
