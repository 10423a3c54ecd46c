// maxPoolGrad(dy, x, dx, geometry[, sums]): TF.js MaxPoolGrad, each dy cell added to the first maximum of
// its window in x. dy: [batch, outH, outW, C] nhwc; x, dx: [batch, inH, inW, C] nhwc (see pooling.h).
// With `sums` ([C]), x is a relu's output being pooled, and dx goes on through the relu's gradient: each
// image's dx is multiplied by step(x) (TF.js's reluGrad, bit for bit) and summed per channel (the bias
// gradient) while it is in cache, so neither needs another pass over the activation.
//
// A plain loop rather than oneDNN's pooling_backward: oneDNN needs a workspace of where each maximum sits,
// which TF.js does not keep from MaxPool to MaxPoolGrad, so it had to run the forward pass again first.
// One pass over x finds the maxima here, and it picks the cell TF.js's cpu kernel picks on a tie (the
// first in row-major window order, by strict >), which matters after a relu, whose zeros tie often.
#include <omp.h>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>
#include "channel_sums.h"
#include "elementwise.h"
#include "pooling.h"
#include "registry.h"
#include "thread_stride.h"

namespace {

/**
 * One image: dx = 0, then each window's dy added at its first maximum. The scan is branch-free and
 * vectorised over the channels: on data the comparison goes either way unpredictably, and with a branch
 * per element this took 10x a relu over the same tensor (now 2x).
 */
void maxPoolGradImage(const cges::ConvGeometry& g, const float* dy, const float* x, float* dx, float* best,
                      int32_t* where, int64_t* cellOffset) {
  const int64_t channels = g.inC;
  std::fill(dx, dx + g.inH * g.inW * channels, 0.0f);
  for (int64_t oh = 0; oh < g.outH; ++oh) {
    const int64_t top = oh * g.strideH - g.padTop;
    const int64_t h0 = std::max<int64_t>(top, 0), h1 = std::min(top + g.fH, g.inH);
    for (int64_t ow = 0; ow < g.outW; ++ow) {
      const int64_t left = ow * g.strideW - g.padLeft;
      const int64_t w0 = std::max<int64_t>(left, 0), w1 = std::min(left + g.fW, g.inW);
      std::fill(best, best + channels, -std::numeric_limits<float>::infinity());
      std::fill(where, where + channels, -1);
      // where[c]: the maximum's place among the window's cells inside x, counted row by row; cellOffset
      // maps a place to its cell.
      int32_t place = 0;
      for (int64_t h = h0; h < h1; ++h) {
        for (int64_t w = w0; w < w1; ++w, ++place) {
          cellOffset[place] = (h * g.inW + w) * channels;
          const float* cell = x + cellOffset[place];
#pragma omp simd
          for (int64_t c = 0; c < channels; ++c) {
            // As masks: GCC leaves a loop with a select of two widths as branches.
            const float value = cell[c], previous = best[c];
            const int32_t greater = -static_cast<int32_t>(value > previous);
            best[c] = std::max(previous, value);
            where[c] ^= (where[c] ^ place) & greater;
          }
        }
      }
      // A window of only NaN or -Infinity has no maximum, and TF.js routes its gradient nowhere.
      const float* dyCell = dy + (oh * g.outW + ow) * channels;
      for (int64_t c = 0; c < channels; ++c) {
        if (where[c] >= 0) dx[cellOffset[where[c]] + c] += dyCell[c];
      }
    }
  }
}

/** dx *= step(x) over one image, as the relu's gradient would. */
void reluMaskImage(const float* x, float* dx, int64_t size) {
#pragma omp simd
  for (int64_t i = 0; i < size; ++i) dx[i] *= cges::reluStep(x[i]);
}

Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  const char* fn = "maxPoolGrad";
  if (info.Length() != 4 && info.Length() != 5) cges::expectArgCount(info, fn, 5);
  cges::ConvGeometry g = cges::poolGeometryArg(info, 3, fn);
  const float* dy = cges::floatArrayArg(info, 0, fn, "dy", g.ySize());
  const float* x = cges::floatArrayArg(info, 1, fn, "x", g.xSize());
  float* dx = cges::floatArrayArg(info, 2, fn, "dx", g.xSize());
  float* sums = info.Length() == 5 ? cges::floatArrayArg(info, 4, fn, "sums", g.inC) : nullptr;
  const int64_t imageX = g.inH * g.inW * g.inC, imageY = g.outH * g.outW * g.inC;
  const bool parallel = g.xSize() >= cges::kElementwiseParallelMinimum;
  const int threads = parallel ? omp_get_max_threads() : 1;
  cges::ChannelSums partial(sums == nullptr ? 0 : g.inC, threads);
  // Each thread's scratch, allocated here: nothing that can throw runs inside the parallel region.
  const int64_t cells = cges::elementCount(info, fn, "geometry", {g.fH, g.fW});
  const size_t bestStride = cges::threadStride<float>(g.inC), whereStride = cges::threadStride<int32_t>(g.inC);
  const size_t cellStride = cges::threadStride<int64_t>(cells);
  std::vector<float> best(threads * bestStride);
  std::vector<int32_t> where(threads * whereStride);
  std::vector<int64_t> cellOffset(threads * cellStride);
  // Images split over the threads: windows may overlap within an image, never across images.
  int used = cges::runTeam(threads, [&](int t, int team) {
    // Contiguous images per thread, in order, so the channel sums add in a fixed order.
    for (int64_t b = g.batch * t / team; b < g.batch * (t + 1) / team; ++b) {
      float* dxImage = dx + b * imageX;
      maxPoolGradImage(g, dy + b * imageY, x + b * imageX, dxImage, best.data() + t * bestStride,
                       where.data() + t * whereStride, cellOffset.data() + t * cellStride);
      if (sums == nullptr) continue;
      reluMaskImage(x + b * imageX, dxImage, imageX);
      partial.addRows(t, dxImage, g.inH * g.inW);
    }
  });
  if (sums != nullptr) partial.write(used, sums);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(maxPoolGrad, MaxPoolGrad);
