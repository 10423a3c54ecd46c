// depthwiseConv2dNativeBackpropInput(dy, filter, dx, geometry): TF.js DepthwiseConv2dNativeBackpropInput,
// the gradient of the depthwise convolution with respect to x. dy: [batch, outH, outW, inC * m] nhwc;
// filter: [fH, fW, inC, m]; dx: [batch, inH, inW, inC] nhwc, written in full (conv_geometry.h).
#include "conv_backward_primitive.h"
#include "registry.h"

namespace {

Napi::Value DepthwiseConv2dNativeBackpropInput(const Napi::CallbackInfo& info) {
  return cges::convBackwardDataEntry(info, "depthwiseConv2dNativeBackpropInput", cges::depthwiseGeometryArg);
}

}  // namespace

CGES_EXPORT(depthwiseConv2dNativeBackpropInput, DepthwiseConv2dNativeBackpropInput);
