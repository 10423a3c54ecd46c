// conv2d(x, filter, y, geometry): TF.js Conv2D, NHWC x and y, HWIO filter (layouts in conv_geometry.h).
#include "conv_forward_primitive.h"
#include "registry.h"

namespace {

Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  const char* fn = "conv2d";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::convGeometryArg(info, 3, fn);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", g.xSize());
  const float* filter = cges::floatArrayArg(info, 1, fn, "filter", g.filterSize());
  float* y = cges::floatArrayArg(info, 2, fn, "y", g.ySize());
  cges::runConvForward(g, x, filter, nullptr, y, cges::FusedActivation{"linear", 0});
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(conv2d, Conv2d);
