// conv2dBackpropInput(dy, filter, dx, geometry): TF.js Conv2DBackpropInput, the gradient of conv2d with
// respect to x. dy: [batch, outH, outW, outC] nhwc; filter: [fH, fW, inC, outC] hwio;
// dx: [batch, inH, inW, inC] nhwc, written in full (layouts in conv_geometry.h).
#include "conv_backward_primitive.h"
#include "registry.h"

namespace {

Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  return cges::convBackwardDataEntry(info, "conv2dBackpropInput", cges::convGeometryArg);
}

}  // namespace

CGES_EXPORT(conv2dBackpropInput, Conv2dBackpropInput);
