// avgPool(x, y, geometry): TF.js AvgPool, the average over each window. x: [batch, inH, inW, C] nhwc;
// y: [batch, outH, outW, C] nhwc (see pooling.h).
#include "pooling.h"
#include "registry.h"

namespace {

Napi::Value AvgPool(const Napi::CallbackInfo& info) {
  const char* fn = "avgPool";
  cges::expectArgCount(info, fn, 3);
  cges::ConvGeometry g = cges::poolGeometryArg(info, 2, fn);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", g.xSize());
  float* y = cges::floatArrayArg(info, 1, fn, "y", g.ySize());
  cges::runPoolForward(g, dnnl::algorithm::pooling_avg_exclude_padding, x, y);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(avgPool, AvgPool);
