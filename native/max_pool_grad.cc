// maxPoolGrad(dy, x, dx, geometry): TF.js MaxPoolGrad, each dy cell routed to its window's maximum in x.
// dy: [batch, outH, outW, C] nhwc; x, dx: [batch, inH, inW, C] nhwc (see pooling.h).
#include "pooling.h"
#include "registry.h"

namespace {

Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  const char* fn = "maxPoolGrad";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::poolGeometryArg(info, 3, fn);
  const float* dy = cges::floatArrayArg(info, 0, fn, "dy", g.ySize());
  const float* x = cges::floatArrayArg(info, 1, fn, "x", g.xSize());
  float* dx = cges::floatArrayArg(info, 2, fn, "dx", g.xSize());
  cges::runPoolBackward(g, dnnl::algorithm::pooling_max, dy, x, dx);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(maxPoolGrad, MaxPoolGrad);
