// Two per-channel sums over the rows of [rows, channels] arrays in one pass, in float64: batch
// normalisation's statistics (the sums of x and x squared) and its gradient's (the sums of dy and of
// dy * (x - mean)) each read their operands once. `terms(r, first, second)` adds row r's two terms into
// float accumulators of `channels` values; a chunk of up to kChunkRows rows is summed in float, then added
// to the thread's float64 sums, so the inner loop stays in float32 vectors. Threads take contiguous row
// ranges and their sums are added in thread order: a result depends only on the thread count.
#pragma once
#include <omp.h>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>
#include "channel_sums.h"
#include "elementwise.h"

namespace cges {

template <typename Terms>
void channelSumPair(int64_t rows, int64_t channels, Terms terms, double* first, double* second) {
  constexpr int64_t kChunkRows = 64;
  const int threads = rows * channels >= kElementwiseParallelMinimum ? omp_get_max_threads() : 1;
  const std::size_t width = static_cast<std::size_t>(channels);
  const std::size_t stride = threadStride<double>(2 * width);
  std::vector<double> partial(static_cast<std::size_t>(threads) * stride, 0.0);
  const int used = runTeam(threads, [&](int t, int team) {
    const Terms local = terms;
    std::vector<float> chunk(2 * width);
    double* sums = partial.data() + static_cast<std::size_t>(t) * stride;
    const int64_t begin = rows * t / team, end = rows * (t + 1) / team;
    for (int64_t r = begin; r < end; r += kChunkRows) {
      std::fill(chunk.begin(), chunk.end(), 0.0f);
      const int64_t stop = std::min(end, r + kChunkRows);
      for (int64_t k = r; k < stop; ++k) local(k, chunk.data(), chunk.data() + width);
      for (std::size_t c = 0; c < 2 * width; ++c) sums[c] += chunk[c];
    }
  });
  for (std::size_t c = 0; c < width; ++c) {
    double a = 0, b = 0;
    for (int t = 0; t < used; ++t) {
      a += partial[static_cast<std::size_t>(t) * stride + c];
      b += partial[static_cast<std::size_t>(t) * stride + width + c];
    }
    first[c] = a;
    second[c] = b;
  }
}

}  // namespace cges
