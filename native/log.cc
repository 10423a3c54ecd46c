// log(x, out): TF.js Log on float32, out = ln(x): -Infinity at 0 and NaN below, as Math.log gives.
// Log-sum-exp (softmax cross-entropy) takes it once per step.
#include <cmath>
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Log(const Napi::CallbackInfo& info) {
  const char* fn = "log";
  cges::expectArgCount(info, fn, 2);
  cges::FloatArray x = cges::floatArrayView(info, 0, fn, "x");
  float* out = cges::floatArrayArg(info, 1, fn, "out", x.length);
  // In float64 and rounded once, as the cpu kernel rounds Math.log, so both backends agree to the last bit
  // almost everywhere; these run on small tensors, where the slower float64 call costs nothing that shows.
  cges::unaryMap(x.data, out, x.length, [](float v) { return static_cast<float>(std::log(static_cast<double>(v))); });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(log, Log);
