// conv2d(x, filter, y, geometry): TF.js Conv2D, NHWC x and y, HWIO filter (layouts in conv_geometry.h).
#include "conv_forward_primitive.h"
#include "registry.h"

namespace {

Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  return cges::convForwardEntry(info, "conv2d", cges::convGeometryArg);
}

}  // namespace

CGES_EXPORT(conv2d, Conv2d);
