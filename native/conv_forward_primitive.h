// 2-D convolution forward on oneDNN, shared by conv2d and fusedConv2d.
// x: [batch, inH, inW, inC] nhwc; filter: [fH, fW, inC, outC] hwio; bias: [outC] or null;
// y: [batch, outH, outW, outC] nhwc (see conv_geometry.h).
// x and y stay in the TF.js layout. The filter may be reordered to the blocked layout oneDNN's
// direct kernels want: it is small next to x and y, and those kernels beat the hwio (gemm) ones.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>
#include <memory>
#include <string>
#include <unordered_map>
#include "conv_geometry.h"
#include "engine.h"
#include "fused_epilogue.h"
#include "operand.h"
#include "primitive_cache.h"
#include "signal_guard.h"

namespace cges {

/** The filter layout convolution primitives are created with; see the file headers. */
inline dnnl::memory::format_tag convFilterLayout() { return dnnl::memory::format_tag::any; }

/** The forward primitive a backward convolution is derived from (oneDNN picks matching kernels). */
inline dnnl::convolution_forward::primitive_desc convTrainingHint(const ConvGeometry& g) {
  using namespace dnnl;
  convolution_forward::desc desc(prop_kind::forward_training, algorithm::convolution_direct, g.x(),
                                 g.filter(convFilterLayout()), g.y(), g.strides(), g.dilations(), g.padBefore(),
                                 g.padAfter());
  return convolution_forward::primitive_desc(desc, cpuEngine());
}

struct ConvForwardEntry {
  dnnl::convolution_forward primitive;
  Operand x, filter, y;
  dnnl::memory bias;
};

inline std::unique_ptr<ConvForwardEntry> makeConvForward(const ConvGeometry& g, bool hasBias,
                                                         const FusedActivation& act) {
  using namespace dnnl;
  dnnl::memory::desc bias = hasBias ? g.bias() : dnnl::memory::desc();
  convolution_forward::desc desc(prop_kind::forward_inference, algorithm::convolution_direct, g.x(),
                                 g.filter(convFilterLayout()), bias, g.y(), g.strides(), g.dilations(),
                                 g.padBefore(), g.padAfter());
  primitive_attr attr;
  attr.set_post_ops(act.postOps());
  convolution_forward::primitive_desc pd(desc, attr, cpuEngine());
  return std::unique_ptr<ConvForwardEntry>(new ConvForwardEntry{
      convolution_forward(pd), Operand(g.x(), pd.src_desc(), false), Operand(g.filter(), pd.weights_desc(), false),
      Operand(g.y(), pd.dst_desc(), true), dnnl::memory(bias, cpuEngine(), DNNL_MEMORY_NONE)});
}

/** y = act(conv(x, filter) + bias); bias may be null. */
inline void runConvForward(const ConvGeometry& g, const float* x, const float* filter, const float* bias, float* y,
                           const FusedActivation& act) {
  static PrimitiveCache<ConvForwardEntry> cache(32);
  SignalsHeld held;  // gemm-based convolutions run gemm:jit (signal_guard.h)
  std::string key = g.key() + (bias != nullptr ? "+b" : "") + act.key();
  ConvForwardEntry& e = cache.get(key, [&] { return makeConvForward(g, bias != nullptr, act); });
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, e.x.input(x)}, {DNNL_ARG_WEIGHTS, e.filter.input(filter)}, {DNNL_ARG_DST, e.y.output(y)}};
  if (bias != nullptr) {
    e.bias.set_data_handle(const_cast<float*>(bias));  // read only, as in Operand::input
    args.emplace(DNNL_ARG_BIAS, e.bias);
  }
  e.primitive.execute(cpuStream(), args);
  e.y.finish();
  cpuStream().wait();
}

/** Reads a convolution's geometry (convGeometryArg or depthwiseGeometryArg) from argument i. */
using GeometryArg = ConvGeometry (*)(const Napi::CallbackInfo& info, size_t i, const char* fn);

/** The JS entry of an unfused forward convolution: fn(x, filter, y, geometry). */
inline Napi::Value convForwardEntry(const Napi::CallbackInfo& info, const char* fn, GeometryArg geometryArg) {
  expectArgCount(info, fn, 4);
  ConvGeometry g = geometryArg(info, 3, fn);
  const float* x = floatArrayArg(info, 0, fn, "x", g.xSize());
  const float* filter = floatArrayArg(info, 1, fn, "filter", g.filterSize());
  float* y = floatArrayArg(info, 2, fn, "y", g.ySize());
  runConvForward(g, x, filter, nullptr, y, FusedActivation{"linear", 0});
  return info.Env().Undefined();
}

}  // namespace cges
