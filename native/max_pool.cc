// maxPool(x, y, geometry): TF.js MaxPool, the max over each window. x: [batch, inH, inW, C] nhwc;
// y: [batch, outH, outW, C] nhwc (see pooling.h).
#include "pooling.h"
#include "registry.h"

namespace {

Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  const char* fn = "maxPool";
  cges::expectArgCount(info, fn, 3);
  cges::ConvGeometry g = cges::poolGeometryArg(info, 2, fn);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", g.xSize());
  float* y = cges::floatArrayArg(info, 1, fn, "y", g.ySize());
  cges::runPoolForward(g, dnnl::algorithm::pooling_max, x, y);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(maxPool, MaxPool);
