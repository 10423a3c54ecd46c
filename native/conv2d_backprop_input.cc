// conv2dBackpropInput(dy, filter, dx, geometry): TF.js Conv2DBackpropInput, the gradient of conv2d with
// respect to x. dy: [batch, outH, outW, outC] nhwc; filter: [fH, fW, inC, outC] hwio;
// dx: [batch, inH, inW, inC] nhwc, written in full (layouts in conv_geometry.h).
#include "conv_backward_primitive.h"
#include "registry.h"

namespace {

Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  const char* fn = "conv2dBackpropInput";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::convGeometryArg(info, 3, fn);
  const float* dy = cges::floatArrayArg(info, 0, fn, "dy", g.ySize());
  const float* filter = cges::floatArrayArg(info, 1, fn, "filter", g.filterSize());
  float* dx = cges::floatArrayArg(info, 2, fn, "dx", g.xSize());
  cges::runConvBackwardData(g, dy, filter, dx);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(conv2dBackpropInput, Conv2dBackpropInput);
