// avgPoolGrad(dy, dx, geometry): TF.js AvgPoolGrad, each dy cell divided by the whole window and added to
// the window's cells inside the input (pooling.h says why the whole window). dy: [batch, outH, outW, C]
// nhwc; dx: [batch, inH, inW, C] nhwc.
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
