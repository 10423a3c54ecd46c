// depthwiseConv2dNativeBackpropFilter(x, dy, dw, geometry): TF.js DepthwiseConv2dNativeBackpropFilter,
// the gradient of the depthwise convolution with respect to its filter. x: [batch, inH, inW, inC] nhwc;
// dy: [batch, outH, outW, inC * m] nhwc; dw: [fH, fW, inC, m], written in full (conv_geometry.h).
#include "conv_backward_primitive.h"
#include "registry.h"

namespace {

Napi::Value DepthwiseConv2dNativeBackpropFilter(const Napi::CallbackInfo& info) {
  return cges::convBackwardWeightsEntry(info, "depthwiseConv2dNativeBackpropFilter", cges::depthwiseGeometryArg);
}

}  // namespace

CGES_EXPORT(depthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropFilter);
