// sgdUpdate(w, g, eta): plain SGD's update in place, w = w + (-eta) * g, in float32. w, g: any shape, same
// length. TF.js's SGD computes add(mul(-eta, g), w) with a rounding after each op; so does this loop
// (x86-64-v2 has no fused multiply-add to contract them), so the weights match the cpu backend's bit for bit
// while skipping its two fresh weight-sized tensors.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value SgdUpdate(const Napi::CallbackInfo& info) {
  const char* fn = "sgdUpdate";
  cges::expectArgCount(info, fn, 3);
  cges::FloatArray w = cges::floatArrayView(info, 0, fn, "w");
  const float* g = cges::floatArrayArg(info, 1, fn, "g", w.length);
  const float minusEta = -static_cast<float>(cges::nonNegativeArg(info, 2, fn, "eta"));
  cges::binaryMap(w.data, g, w.data, w.length, [minusEta](float v, float grad) {
    const float step = minusEta * grad;
    return step + v;
  });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(sgdUpdate, SgdUpdate);
