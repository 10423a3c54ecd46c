// reluGrad(dy, x, out[, channels, sums]): the relu's gradient in one pass, out = dy * step(x) (elementwise.h's
// reluStep), so each element equals TF.js's own composition mul(dy, step(x)) bit for bit (dy * 0 keeps dy's
// NaN and turns its infinities into NaN, as there). dy, x, out: same length. With `channels` and `sums`,
// also sums[c] = the sum of out over every row of `channels` values: the bias gradient, in the same pass.
#include <omp.h>
#include <algorithm>
#include "channel_sums.h"
#include "elementwise.h"
#include "registry.h"

namespace {

// Rows per chunk: a chunk is written, then summed while it is still in L1/L2.
constexpr int64_t kChunkRows = 64;

void reluGradWithSums(const float* dy, const float* x, float* out, int64_t rows, int64_t channels, float* sums) {
  const bool parallel = rows * channels >= cges::kElementwiseParallelMinimum;
  const int threads = parallel ? omp_get_max_threads() : 1;
  cges::ChannelSums partial(channels, threads);
  int used = cges::runTeam(threads, [&](int t, int team) {
    const int64_t first = rows * t / team, end = rows * (t + 1) / team;
    for (int64_t r = first; r < end; r += kChunkRows) {
      const int64_t count = std::min(kChunkRows, end - r);
      const int64_t begin = r * channels, stop = (r + count) * channels;
#pragma omp simd
      for (int64_t i = begin; i < stop; ++i) out[i] = dy[i] * cges::reluStep(x[i]);
      partial.addRows(t, out + begin, count);
    }
  });
  partial.write(used, sums);
}

Napi::Value ReluGrad(const Napi::CallbackInfo& info) {
  const char* fn = "reluGrad";
  if (info.Length() != 3 && info.Length() != 5) cges::expectArgCount(info, fn, 5);
  cges::FloatArray dy = cges::floatArrayView(info, 0, fn, "dy");
  const float* x = cges::floatArrayArg(info, 1, fn, "x", dy.length);
  float* out = cges::floatArrayArg(info, 2, fn, "out", dy.length);
  if (info.Length() == 3) {
    cges::binaryMap(dy.data, x, out, dy.length, [](float g, float v) { return g * cges::reluStep(v); });
    return info.Env().Undefined();
  }
  int64_t channels = cges::intArg(info, 3, fn, "channels", 1);
  if (dy.length % channels != 0) cges::throwArg(info, fn, "channels", "must divide the length of dy");
  float* sums = cges::floatArrayArg(info, 4, fn, "sums", channels);
  reluGradWithSums(dy.data, x, out, dy.length / channels, channels, sums);
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(reluGrad, ReluGrad);
