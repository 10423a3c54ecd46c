// fusedConv2d(x, filter, bias | null, y, geometry, activation, alpha): TF.js FusedConv2D in NHWC with a
// per-channel bias [outC] and an eltwise activation (see fused_epilogue.h).
#include "conv_forward_primitive.h"
#include "registry.h"

namespace {

Napi::Value FusedConv2d(const Napi::CallbackInfo& info) {
  const char* fn = "fusedConv2d";
  cges::expectArgCount(info, fn, 7);
  cges::ConvGeometry g = cges::convGeometryArg(info, 4, fn);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", g.xSize());
  const float* filter = cges::floatArrayArg(info, 1, fn, "filter", g.filterSize());
  const float* bias = cges::optionalFloatArrayArg(info, 2, fn, "bias", g.outC);
  float* y = cges::floatArrayArg(info, 3, fn, "y", g.ySize());
  cges::runConvForward(g, x, filter, bias, y, cges::fusedActivationArg(info, 5, fn));
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(fusedConv2d, FusedConv2d);
