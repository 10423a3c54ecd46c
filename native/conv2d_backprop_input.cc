// conv2dBackpropInput(dy, filter, dx, geometry): TF.js Conv2DBackpropInput, the gradient of conv2d with
// respect to x. dy: [batch, outH, outW, outC] nhwc; filter: [fH, fW, inC, outC] hwio;
// dx: [batch, inH, inW, inC] nhwc, written in full (layouts in conv_geometry.h).
#include <memory>
#include "conv_forward_primitive.h"
#include "registry.h"

namespace {

struct Entry {
  dnnl::convolution_backward_data primitive;
  cges::Operand dy, filter, dx;
};

std::unique_ptr<Entry> makeEntry(const cges::ConvGeometry& g) {
  using namespace dnnl;
  convolution_backward_data::desc desc(algorithm::convolution_direct, g.x(), g.filter(cges::convFilterLayout()),
                                       g.y(), g.strides(), g.dilations(), g.padBefore(), g.padAfter());
  convolution_backward_data::primitive_desc pd(desc, cges::cpuEngine(), cges::convTrainingHint(g));
  return std::unique_ptr<Entry>(new Entry{convolution_backward_data(pd), cges::Operand(g.y(), pd.diff_dst_desc(), false),
                                          cges::Operand(g.filter(), pd.weights_desc(), false),
                                          cges::Operand(g.x(), pd.diff_src_desc(), true)});
}

Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  const char* fn = "conv2dBackpropInput";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::convGeometryArg(info, 3, fn);
  const float* dy = cges::floatArrayArg(info, 0, fn, "dy", g.ySize());
  const float* filter = cges::floatArrayArg(info, 1, fn, "filter", g.filterSize());
  float* dx = cges::floatArrayArg(info, 2, fn, "dx", g.xSize());
  static cges::PrimitiveCache<Entry> cache(32);
  cges::SignalsHeld held;  // gemm-based convolutions run gemm:jit (signal_guard.h)
  Entry& e = cache.get(g.key(), [&] { return makeEntry(g); });
  e.primitive.execute(cges::cpuStream(), {{DNNL_ARG_DIFF_DST, e.dy.input(dy)},
                                          {DNNL_ARG_WEIGHTS, e.filter.input(filter)},
                                          {DNNL_ARG_DIFF_SRC, e.dx.output(dx)}});
  e.dx.finish();
  cges::cpuStream().wait();
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(conv2dBackpropInput, Conv2dBackpropInput);
