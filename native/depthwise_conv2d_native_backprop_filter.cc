// depthwiseConv2dNativeBackpropFilter(x, dy, dw, geometry): TF.js DepthwiseConv2dNativeBackpropFilter,
// the gradient of the depthwise convolution with respect to its filter. x: [batch, inH, inW, inC] nhwc;
// dy: [batch, outH, outW, inC * m] nhwc; dw: [fH, fW, inC, m], written in full (conv_geometry.h).
#include "conv_backward_primitive.h"
#include "registry.h"

namespace {

Napi::Value DepthwiseConv2dNativeBackpropFilter(const Napi::CallbackInfo& info) {
  const char* fn = "depthwiseConv2dNativeBackpropFilter";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::depthwiseGeometryArg(info, 3, fn);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", g.xSize());
  const float* dy = cges::floatArrayArg(info, 1, fn, "dy", g.ySize());
  float* dw = cges::floatArrayArg(info, 2, fn, "dw", g.filterSize());
  cges::runConvBackwardWeights(g, x, dy, dw);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(depthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropFilter);
