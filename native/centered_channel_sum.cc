// centeredChannelSum(dy, x, mean, out): out[c] = the sum over rows of dy[r, c] * (x[r, c] - mean[c]), in
// float64; dy, x: [rows, channels], mean, out: [channels]. Batch normalisation's gradient with respect to
// its scale and variance are this sum times a per-channel factor: one pass instead of TF.js's
// sub, mul, mul, mul and sum over the whole activation.
#include <omp.h>
#include <algorithm>
#include <vector>
#include "channel_sums.h"
#include "elementwise.h"
#include "registry.h"

namespace {

constexpr int64_t kChunkRows = 64;

Napi::Value CenteredChannelSum(const Napi::CallbackInfo& info) {
  const char* fn = "centeredChannelSum";
  cges::expectArgCount(info, fn, 4);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  const float* x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  cges::FloatArray mean = cges::floatArrayView(info, 2, fn, "mean");
  const int64_t channels = mean.length;
  if (channels < 1 || dy.length % channels != 0) cges::throwArg(info, fn, "mean", "must have a length dividing dy's");
  float* out = cges::floatArrayArg(info, 3, fn, "out", channels);
  const int64_t rows = dy.length / channels;
  const bool parallel = dy.length >= cges::kElementwiseParallelMinimum;
  const int threads = parallel ? omp_get_max_threads() : 1;
  cges::ChannelSums partial(channels, threads);
  const float* m = mean.data;
  const float* g = dy.data;
  int used = cges::runTeam(threads, [&](int t, int team) {
    // Each chunk of products is formed in a small buffer, then summed while it is still in cache.
    std::vector<float> products(static_cast<size_t>(kChunkRows * channels));
    const int64_t first = rows * t / team, end = rows * (t + 1) / team;
    for (int64_t r = first; r < end; r += kChunkRows) {
      const int64_t count = std::min(kChunkRows, end - r);
      for (int64_t k = 0; k < count; ++k) {
        const float* gr = g + (r + k) * channels;
        const float* xr = x + (r + k) * channels;
        float* p = products.data() + k * channels;
#pragma omp simd
        for (int64_t c = 0; c < channels; ++c) p[c] = gr[c] * (xr[c] - m[c]);
      }
      partial.addRows(t, products.data(), count);
    }
  });
  partial.write(used, out);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(centeredChannelSum, CenteredChannelSum);
