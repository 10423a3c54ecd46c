// conv2dBackpropFilter(x, dy, dw, geometry): TF.js Conv2DBackpropFilter, the gradient of conv2d with
// respect to its filter. x: [batch, inH, inW, inC] nhwc; dy: [batch, outH, outW, outC] nhwc;
// dw: [fH, fW, inC, outC] hwio, written in full (layouts in conv_geometry.h).
#include <memory>
#include "conv_forward_primitive.h"
#include "registry.h"

namespace {

struct Entry {
  dnnl::convolution_backward_weights primitive;
  cges::Operand x, dy, dw;
};

std::unique_ptr<Entry> makeEntry(const cges::ConvGeometry& g) {
  using namespace dnnl;
  convolution_backward_weights::desc desc(algorithm::convolution_direct, g.x(),
                                          g.filter(cges::convFilterLayout()), g.y(), g.strides(), g.dilations(),
                                          g.padBefore(), g.padAfter());
  convolution_backward_weights::primitive_desc pd(desc, cges::cpuEngine(), cges::convTrainingHint(g));
  return std::unique_ptr<Entry>(new Entry{convolution_backward_weights(pd), cges::Operand(g.x(), pd.src_desc(), false),
                                          cges::Operand(g.y(), pd.diff_dst_desc(), false),
                                          cges::Operand(g.filter(), pd.diff_weights_desc(), true)});
}

Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  const char* fn = "conv2dBackpropFilter";
  cges::expectArgCount(info, fn, 4);
  cges::ConvGeometry g = cges::convGeometryArg(info, 3, fn);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", g.xSize());
  const float* dy = cges::floatArrayArg(info, 1, fn, "dy", g.ySize());
  float* dw = cges::floatArrayArg(info, 2, fn, "dw", g.filterSize());
  static cges::PrimitiveCache<Entry> cache(32);
  cges::SignalsHeld held;  // gemm-based convolutions run gemm:jit (signal_guard.h)
  Entry& e = cache.get(g.key(), [&] { return makeEntry(g); });
  e.primitive.execute(cges::cpuStream(), {{DNNL_ARG_SRC, e.x.input(x)},
                                          {DNNL_ARG_DIFF_DST, e.dy.input(dy)},
                                          {DNNL_ARG_DIFF_WEIGHTS, e.dw.output(dw)}});
  e.dw.finish();
  cges::cpuStream().wait();
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(conv2dBackpropFilter, Conv2dBackpropFilter);
