// reluGrad(dy, x, out): the relu's gradient in one pass, out = dy * step(x), with step(x) = 1 above 0, 0
// otherwise and NaN at NaN, so each element equals TF.js's own composition mul(dy, step(x)) bit for bit
// (dy * 0 keeps dy's NaN and turns its infinities into NaN, as there). dy, x, out: same length.
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value ReluGrad(const Napi::CallbackInfo& info) {
  const char* fn = "reluGrad";
  cges::expectArgCount(info, fn, 3);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  const float* x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  float* out = cges::floatArrayArg(info, 2, fn, "out", dy.length);
  cges::binaryMap(dy.data, x, out, dy.length,
                  [](float g, float v) { return g * (v > 0 ? 1.0f : (v != v ? v : 0.0f)); });
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(reluGrad, ReluGrad);
