// avgPoolGrad(dy, dx, geometry): TF.js AvgPoolGrad, each dy cell spread evenly over the window cells inside
// the input, the exact gradient of avgPool. dy: [batch, outH, outW, C] nhwc; dx: [batch, inH, inW, C] nhwc.
#include "pooling.h"
#include "registry.h"

namespace {

Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) {
  const char* fn = "avgPoolGrad";
  cges::expectArgCount(info, fn, 3);
  cges::ConvGeometry g = cges::poolGeometryArg(info, 2, fn);
  const float* dy = cges::floatArrayArg(info, 0, fn, "dy", g.ySize());
  float* dx = cges::floatArrayArg(info, 1, fn, "dx", g.xSize());
  cges::runAvgPoolBackward(g, dy, dx);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(avgPoolGrad, AvgPoolGrad);
