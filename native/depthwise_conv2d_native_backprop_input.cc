// depthwiseConv2dNativeBackpropInput(dy, filter, dx, geometry): TF.js DepthwiseConv2dNativeBackpropInput,
// the gradient of the depthwise convolution with respect to x. dy: [batch, outH, outW, inC * m] nhwc;
// filter: [fH, fW, inC, m]; dx: [batch, inH, inW, inC] nhwc, written in full (conv_geometry.h).
#include "conv_backward_primitive.h"
#include "registry.h"

namespace {

Napi::Value DepthwiseConv2dNativeBackpropInput(const Napi::CallbackInfo& info) {
  const char* fn = "depthwiseConv2dNativeBackpropInput";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::depthwiseGeometryArg(info, 3, fn);
  const float* dy = cges::floatArrayArg(info, 0, fn, "dy", g.ySize());
  const float* filter = cges::floatArrayArg(info, 1, fn, "filter", g.filterSize());
  float* dx = cges::floatArrayArg(info, 2, fn, "dx", g.xSize());
  cges::runConvBackwardData(g, dy, filter, dx);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(depthwiseConv2dNativeBackpropInput, DepthwiseConv2dNativeBackpropInput);
