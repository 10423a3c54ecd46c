// 2-D convolution backward on oneDNN, shared by the conv2d and depthwise gradients (a depthwise geometry
// has groups = inC; conv_geometry.h): backward data dy -> dx and backward weights (x, dy) -> dw, each
// written in full in the TF.js layouts. Primitives are cached by geometry.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>
#include <memory>
#include "conv_forward_primitive.h"

namespace cges {

struct ConvBackwardDataEntry {
  dnnl::convolution_backward_data primitive;
  Operand dy, filter, dx;
};

struct ConvBackwardWeightsEntry {
  dnnl::convolution_backward_weights primitive;
  Operand x, dy, dw;
};

inline std::unique_ptr<ConvBackwardDataEntry> makeConvBackwardData(const ConvGeometry& g) {
  using namespace dnnl;
  convolution_backward_data::desc desc(algorithm::convolution_direct, g.x(), g.filter(convFilterLayout()), g.y(),
                                       g.strides(), g.dilations(), g.padBefore(), g.padAfter());
  convolution_backward_data::primitive_desc pd(desc, cpuEngine(), convTrainingHint(g));
  return std::unique_ptr<ConvBackwardDataEntry>(new ConvBackwardDataEntry{
      convolution_backward_data(pd), Operand(g.y(), pd.diff_dst_desc(), false),
      Operand(g.filter(), pd.weights_desc(), false), Operand(g.x(), pd.diff_src_desc(), true)});
}

inline std::unique_ptr<ConvBackwardWeightsEntry> makeConvBackwardWeights(const ConvGeometry& g) {
  using namespace dnnl;
  convolution_backward_weights::desc desc(algorithm::convolution_direct, g.x(), g.filter(convFilterLayout()), g.y(),
                                          g.strides(), g.dilations(), g.padBefore(), g.padAfter());
  convolution_backward_weights::primitive_desc pd(desc, cpuEngine(), convTrainingHint(g));
  return std::unique_ptr<ConvBackwardWeightsEntry>(new ConvBackwardWeightsEntry{
      convolution_backward_weights(pd), Operand(g.x(), pd.src_desc(), false),
      Operand(g.y(), pd.diff_dst_desc(), false), Operand(g.filter(), pd.diff_weights_desc(), true)});
}

/** dx = the gradient of conv(x, filter) with respect to x, applied to dy. */
inline void runConvBackwardData(const ConvGeometry& g, const float* dy, const float* filter, float* dx) {
  static PrimitiveCache<ConvBackwardDataEntry> cache(32);
  SignalsHeld held;  // gemm-based convolutions run gemm:jit (signal_guard.h)
  ConvBackwardDataEntry& e = cache.get(g.key(), [&] { return makeConvBackwardData(g); });
  e.primitive.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, e.dy.input(dy)},
                                    {DNNL_ARG_WEIGHTS, e.filter.input(filter)},
                                    {DNNL_ARG_DIFF_SRC, e.dx.output(dx)}});
  e.dx.finish();
  cpuStream().wait();
}

/** dw = the gradient of conv(x, filter) with respect to the filter, applied to dy. */
inline void runConvBackwardWeights(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  static PrimitiveCache<ConvBackwardWeightsEntry> cache(32);
  SignalsHeld held;  // gemm-based convolutions run gemm:jit (signal_guard.h)
  ConvBackwardWeightsEntry& e = cache.get(g.key(), [&] { return makeConvBackwardWeights(g); });
  e.primitive.execute(cpuStream(), {{DNNL_ARG_SRC, e.x.input(x)},
                                    {DNNL_ARG_DIFF_DST, e.dy.input(dy)},
                                    {DNNL_ARG_DIFF_WEIGHTS, e.dw.output(dw)}});
  e.dw.finish();
  cpuStream().wait();
}

/** The JS entry of a backward-data convolution: fn(dy, filter, dx, geometry). */
inline Napi::Value convBackwardDataEntry(const Napi::CallbackInfo& info, const char* fn, GeometryArg geometryArg) {
  expectArgCount(info, fn, 4);
  ConvGeometry g = geometryArg(info, 3, fn);
  const float* dy = floatArrayArg(info, 0, fn, "dy", g.ySize());
  const float* filter = floatArrayArg(info, 1, fn, "filter", g.filterSize());
  float* dx = floatArrayArg(info, 2, fn, "dx", g.xSize());
  runConvBackwardData(g, dy, filter, dx);
  return info.Env().Undefined();
}

/** The JS entry of a backward-weights convolution: fn(x, dy, dw, geometry). */
inline Napi::Value convBackwardWeightsEntry(const Napi::CallbackInfo& info, const char* fn, GeometryArg geometryArg) {
  expectArgCount(info, fn, 4);
  ConvGeometry g = geometryArg(info, 3, fn);
  const float* x = floatArrayArg(info, 0, fn, "x", g.xSize());
  const float* dy = floatArrayArg(info, 1, fn, "dy", g.ySize());
  float* dw = floatArrayArg(info, 2, fn, "dw", g.filterSize());
  runConvBackwardWeights(g, x, dy, dw);
  return info.Env().Undefined();
}

}  // namespace cges
