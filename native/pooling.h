// 2-D pooling geometry and oneDNN primitives, shared by the pooling kernels (MaxPoolGrad only takes the geometry).
// x / dx: [batch, inH, inW, C] nhwc; y / dy: [batch, outH, outW, C] nhwc. The geometry is a conv's
// (conv_geometry.h) with outC == inC and a filter of fH x fW, no dilation. Average pooling divides by
// the number of window cells inside the input, as TF.js's forward kernel does; its gradient divides by the
// whole window, as TF.js's AvgPoolGrad kernels do (runAvgPoolBackward). oneDNN reads and writes
// the TF.js buffers themselves: pooling keeps nhwc, so there is nothing to reorder.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>
#include <memory>
#include <string>
#include "conv_geometry.h"
#include "engine.h"
#include "primitive_cache.h"

namespace cges {

/** Argument i as a pooling geometry: a conv geometry with inC == outC and dilations of 1. */
inline ConvGeometry poolGeometryArg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  ConvGeometry g = convGeometryArg(info, i, fn);
  if (g.inC != g.outC || g.dilationH != 1 || g.dilationW != 1) {
    throwArg(info, fn, "geometry", "must have as many output as input channels and no dilation");
  }
  return g;
}

inline dnnl::pooling_forward::primitive_desc poolForwardDesc(const ConvGeometry& g, dnnl::algorithm algorithm,
                                                             dnnl::prop_kind kind) {
  dnnl::pooling_forward::desc desc(kind, algorithm, g.x(), g.y(), g.strides(), {g.fH, g.fW}, g.padBefore(),
                                   g.padAfter());
  return dnnl::pooling_forward::primitive_desc(desc, cpuEngine());
}

/** y = pool(x), for inference (no workspace). */
inline void runPoolForward(const ConvGeometry& g, dnnl::algorithm algorithm, const float* x, float* y) {
  static PrimitiveCache<dnnl::pooling_forward> cache(16);
  std::string key = g.key() + std::to_string(static_cast<int>(algorithm));
  dnnl::pooling_forward& primitive = cache.get(key, [&] {
    return std::make_unique<dnnl::pooling_forward>(poolForwardDesc(g, algorithm, dnnl::prop_kind::forward_inference));
  });
  // oneDNN only reads x; its handle type is simply not const.
  dnnl::memory src(g.x(), cpuEngine(), const_cast<float*>(x)), dst(g.y(), cpuEngine(), y);
  primitive.execute(cpuStream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
  cpuStream().wait();
}

/**
 * TF.js's AvgPoolGrad: each dy cell spread over its window's cells inside x, divided by the whole window
 * (fH * fW) even where the window overlaps the padding. That is TF.js's kernel contract (its cpu and webgl
 * kernels and its own tests), not the exact gradient of its forward pooling, which divides by the cells
 * inside x: the two differ only at windows that overlap the padding. Max pooling's gradient is a loop of
 * its own (max_pool_grad.cc): oneDNN's would need a workspace TF.js does not keep between the two kernels.
 */
inline void runAvgPoolBackward(const ConvGeometry& g, const float* dy, float* dx) {
  static PrimitiveCache<dnnl::pooling_backward> cache(16);
  dnnl::algorithm algorithm = dnnl::algorithm::pooling_avg_include_padding;
  dnnl::pooling_backward& primitive = cache.get(g.key(), [&] {
    auto forwardDesc = poolForwardDesc(g, algorithm, dnnl::prop_kind::forward_training);
    dnnl::pooling_backward::desc desc(algorithm, g.x(), g.y(), g.strides(), {g.fH, g.fW}, g.padBefore(),
                                      g.padAfter());
    return std::make_unique<dnnl::pooling_backward>(
        dnnl::pooling_backward::primitive_desc(desc, cpuEngine(), forwardDesc));
  });
  dnnl::memory diffDst(g.y(), cpuEngine(), const_cast<float*>(dy)), diffSrc(g.x(), cpuEngine(), dx);
  primitive.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_SRC, diffSrc}});
  cpuStream().wait();
}

}  // namespace cges
