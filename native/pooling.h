// 2-D max and average pooling on oneDNN, shared by the four pooling kernels.
// x / dx: [batch, inH, inW, C] nhwc; y / dy: [batch, outH, outW, C] nhwc. The geometry is a conv's
// (conv_geometry.h) with outC == inC and a filter of fH x fW, no dilation. Average pooling divides by
// the number of window cells inside the input, as TF.js's forward kernel does. oneDNN reads and writes
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

// A backward primitive with what it needs beside dy: for max pooling, the forward pass that fills the
// workspace (where each window's maximum sits) and that workspace, reused call after call.
struct PoolBackwardEntry {
  dnnl::pooling_backward backward;
  dnnl::pooling_forward forward;
  dnnl::memory workspace;
  dnnl::memory scratchY;
};

inline std::unique_ptr<PoolBackwardEntry> makePoolBackward(const ConvGeometry& g, dnnl::algorithm algorithm) {
  auto forwardDesc = poolForwardDesc(g, algorithm, dnnl::prop_kind::forward_training);
  dnnl::pooling_backward::desc desc(algorithm, g.x(), g.y(), g.strides(), {g.fH, g.fW}, g.padBefore(),
                                    g.padAfter());
  dnnl::pooling_backward::primitive_desc pd(desc, cpuEngine(), forwardDesc);
  bool max = algorithm == dnnl::algorithm::pooling_max;
  return std::unique_ptr<PoolBackwardEntry>(new PoolBackwardEntry{
      dnnl::pooling_backward(pd), max ? dnnl::pooling_forward(forwardDesc) : dnnl::pooling_forward(),
      max ? dnnl::memory(forwardDesc.workspace_desc(), cpuEngine()) : dnnl::memory(),
      max ? dnnl::memory(g.y(), cpuEngine()) : dnnl::memory()});
}

/**
 * dx = d pool(x) / dx applied to dy. Max pooling needs x: TF.js hands the kernel x and y, but oneDNN wants
 * its own record of where each maximum was, so the forward pass runs again to write it. That is one cheap
 * pass over x, and it spares keeping a workspace alive from MaxPool to MaxPoolGrad across TF.js calls.
 * Average pooling ignores x (it may be null).
 */
inline void runPoolBackward(const ConvGeometry& g, dnnl::algorithm algorithm, const float* dy, const float* x,
                            float* dx) {
  static PrimitiveCache<PoolBackwardEntry> cache(16);
  std::string key = g.key() + std::to_string(static_cast<int>(algorithm));
  PoolBackwardEntry& e = cache.get(key, [&] { return makePoolBackward(g, algorithm); });
  dnnl::memory diffDst(g.y(), cpuEngine(), const_cast<float*>(dy)), diffSrc(g.x(), cpuEngine(), dx);
  if (algorithm == dnnl::algorithm::pooling_max) {
    dnnl::memory src(g.x(), cpuEngine(), const_cast<float*>(x));
    e.forward.execute(cpuStream(),
                      {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, e.scratchY}, {DNNL_ARG_WORKSPACE, e.workspace}});
    e.backward.execute(cpuStream(),
                       {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_SRC, diffSrc}, {DNNL_ARG_WORKSPACE, e.workspace}});
  } else {
    e.backward.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_SRC, diffSrc}});
  }
  cpuStream().wait();
}

}  // namespace cges
