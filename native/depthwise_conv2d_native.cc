// depthwiseConv2dNative(x, filter, y, geometry): TF.js DepthwiseConv2dNative as a oneDNN grouped
// convolution. x: [batch, inH, inW, inC] nhwc; filter: [fH, fW, inC, m]; y: [batch, outH, outW, inC * m]
// nhwc (conv_geometry.h, depthwiseGeometryArg). Strides, paddings and dilations as conv2d's.
#include "conv_forward_primitive.h"
#include "registry.h"

namespace {

Napi::Value DepthwiseConv2dNative(const Napi::CallbackInfo& info) {
  return cges::convForwardEntry(info, "depthwiseConv2dNative", cges::depthwiseGeometryArg);
}

}  // namespace

CGES_EXPORT(depthwiseConv2dNative, DepthwiseConv2dNative);
