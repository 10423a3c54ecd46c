// The geometry of a 2-D convolution as TF.js computes it (backend_util.computeConv2DInfo), passed from
// TypeScript as 17 integers, and the oneDNN memory descriptors of its TF.js tensors:
// x / dx: [batch, inH, inW, inC] (nhwc); filter / dw: [fH, fW, inC, outC] (hwio);
// y / dy: [batch, outH, outW, outC] (nhwc). oneDNN names dimensions logically (n, c, h, w / o, i, h, w)
// whatever the layout, and counts dilation from 0 where TF.js counts from 1.
// A depthwise convolution (TF.js DepthwiseConv2dNative) is the grouped convolution with one group per input
// channel: filter [fH, fW, inC, m] (outC = inC * m), output channel c * m + k from input channel c, which is
// oneDNN's group-major output numbering.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <vector>
#include "element_count.h"
#include "napi_args.h"

namespace cges {

struct ConvGeometry {
  int64_t batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilationH, dilationW;
  int64_t padTop, padLeft, padBottom, padRight;

  int64_t xElements, filterElements, yElements;  // checked for overflow by convGeometryArg
  int64_t groups = 1;                             // inC for a depthwise convolution

  int64_t xSize() const { return xElements; }
  int64_t filterSize() const { return filterElements; }
  int64_t ySize() const { return yElements; }

  using tag = dnnl::memory::format_tag;
  dnnl::memory::desc x(tag layout = tag::nhwc) const { return desc({batch, inC, inH, inW}, layout); }
  /** hwio: TF.js's filter layout; any: what the primitive prefers. */
  dnnl::memory::desc filter(tag layout = tag::hwio) const {
    if (groups == 1) return desc({outC, inC, fH, fW}, layout);
    // Grouped: dims [groups, outC / groups, inC / groups, fH, fW]. TF.js's [fH, fW, inC, m] has no format
    // tag of its own for one input channel per group, so it is given by its strides.
    const int64_t perGroup = outC / groups;
    dnnl::memory::dims dims{groups, perGroup, inC / groups, fH, fW};
    if (layout == tag::any) return desc(dims, layout);
    return dnnl::memory::desc(dims, dnnl::memory::data_type::f32,
                              dnnl::memory::dims{perGroup, 1, perGroup, fW * outC, outC});
  }
  dnnl::memory::desc y(tag layout = tag::nhwc) const { return desc({batch, outC, outH, outW}, layout); }
  dnnl::memory::desc bias() const { return desc({outC}, tag::x); }
  dnnl::memory::dims strides() const { return {strideH, strideW}; }
  dnnl::memory::dims dilations() const { return {dilationH - 1, dilationW - 1}; }
  dnnl::memory::dims padBefore() const { return {padTop, padLeft}; }
  dnnl::memory::dims padAfter() const { return {padBottom, padRight}; }

  std::string key() const {
    std::string text;
    for (int64_t v : {batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilationH, dilationW, padTop,
                      padLeft, padBottom, padRight, groups}) {
      text += std::to_string(v) + ",";
    }
    return text;
  }

 private:
  static dnnl::memory::desc desc(const dnnl::memory::dims& dims, tag layout) {
    return dnnl::memory::desc(dims, dnnl::memory::data_type::f32, layout);
  }
};

/** Argument i: [batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilationH, dilationW,
 *  padTop, padLeft, padBottom, padRight], checked to be one consistent convolution. */
inline ConvGeometry convGeometryArg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  std::vector<int64_t> v = intListArg(info, i, fn, "geometry", 17, 0);
  ConvGeometry g{v[0], v[1],  v[2],  v[3],  v[4],  v[5],  v[6],  v[7], v[8], v[9], v[10],
                 v[11], v[12], v[13], v[14], v[15], v[16], 0,     0,    0};
  for (size_t k = 0; k < 13; ++k) {
    if (v[k] < 1) throwArg(info, fn, "geometry", "must have sizes, strides and dilations >= 1");
  }
  // The output size TF.js computed must be the one these paddings give, or oneDNN would read past x.
  // Every value is below 2^53 (intListArg), so the sums below cannot overflow; these products could.
  int64_t spanH = elementCount(info, fn, "geometry", {g.fH - 1, g.dilationH}) + 1;
  int64_t spanW = elementCount(info, fn, "geometry", {g.fW - 1, g.dilationW}) + 1;
  int64_t paddedH = g.inH + g.padTop + g.padBottom, paddedW = g.inW + g.padLeft + g.padRight;
  if (paddedH < spanH || paddedW < spanW || (paddedH - spanH) / g.strideH + 1 != g.outH ||
      (paddedW - spanW) / g.strideW + 1 != g.outW) {
    throwArg(info, fn, "geometry", "has an output size that does not match its input, filter and padding");
  }
  g.xElements = elementCount(info, fn, "geometry", {g.batch, g.inH, g.inW, g.inC});
  g.filterElements = elementCount(info, fn, "geometry", {g.fH, g.fW, g.inC, g.outC});
  g.yElements = elementCount(info, fn, "geometry", {g.batch, g.outH, g.outW, g.outC});
  return g;
}

/** Argument i as convGeometryArg, for a depthwise convolution: outC a multiple of inC, one group per
 *  input channel, filter [fH, fW, inC, outC / inC]. */
inline ConvGeometry depthwiseGeometryArg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  ConvGeometry g = convGeometryArg(info, i, fn);
  if (g.outC % g.inC != 0) throwArg(info, fn, "geometry", "must have output channels a multiple of input channels");
  g.groups = g.inC;
  g.filterElements = elementCount(info, fn, "geometry", {g.fH, g.fW, g.outC});
  return g;
}

}  // namespace cges
