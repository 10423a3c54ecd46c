// conv2dBackpropFilter(x, dy, dw, geometry): TF.js Conv2DBackpropFilter, the gradient of conv2d with
// respect to its filter. x: [batch, inH, inW, inC] nhwc; dy: [batch, outH, outW, outC] nhwc;
// dw: [fH, fW, inC, outC] hwio, written in full (layouts in conv_geometry.h).
#include "conv_backward_primitive.h"
#include "registry.h"

namespace {

Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  return cges::convBackwardWeightsEntry(info, "conv2dBackpropFilter", cges::convGeometryArg);
}

}  // namespace

CGES_EXPORT(conv2dBackpropFilter, Conv2dBackpropFilter);
