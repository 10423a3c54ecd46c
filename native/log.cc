// log(x, out): TF.js Log on float32, out = ln(x): -Infinity at 0 and NaN below, as Math.log gives, in
// float64 rounded once (elementwise.h's logRounded). Log-sum-exp (softmax cross-entropy) takes it.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value Log(const Napi::CallbackInfo& info) {
  return cges::unaryEntry(info, "log", [](float v) { return cges::logRounded(v); });
}

}  // namespace

CGES_EXPORT(log, Log);
