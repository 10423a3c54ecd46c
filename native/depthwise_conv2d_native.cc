// depthwiseConv2dNative(x, filter, y, geometry): TF.js DepthwiseConv2dNative as a oneDNN grouped
// convolution. x: [batch, inH, inW, inC] nhwc; filter: [fH, fW, inC, m]; y: [batch, outH, outW, inC * m]
// nhwc (conv_geometry.h, depthwiseGeometryArg). Strides, paddings and dilations as conv2d's.
#include "conv_forward_primitive.h"
#include "registry.h"

namespace {

Napi::Value DepthwiseConv2dNative(const Napi::CallbackInfo& info) {
  const char* fn = "depthwiseConv2dNative";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::depthwiseGeometryArg(info, 3, fn);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", g.xSize());
  const float* filter = cges::floatArrayArg(info, 1, fn, "filter", g.filterSize());
  float* y = cges::floatArrayArg(info, 2, fn, "y", g.ySize());
  cges::runConvForward(g, x, filter, nullptr, y, cges::FusedActivation{"linear", 0});
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(depthwiseConv2dNative, DepthwiseConv2dNative);
