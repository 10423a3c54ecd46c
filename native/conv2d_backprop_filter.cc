// conv2dBackpropFilter(x, dy, dw, geometry): TF.js Conv2DBackpropFilter, the gradient of conv2d with
// respect to its filter. x: [batch, inH, inW, inC] nhwc; dy: [batch, outH, outW, outC] nhwc;
// dw: [fH, fW, inC, outC] hwio, written in full (layouts in conv_geometry.h).
#include "conv_backward_primitive.h"
#include "registry.h"

namespace {

Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  const char* fn = "conv2dBackpropFilter";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::convGeometryArg(info, 3, fn);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", g.xSize());
  const float* dy = cges::floatArrayArg(info, 1, fn, "dy", g.ySize());
  float* dw = cges::floatArrayArg(info, 2, fn, "dw", g.filterSize());
  cges::runConvBackwardWeights(g, x, dy, dw);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(conv2dBackpropFilter, Conv2dBackpropFilter);
