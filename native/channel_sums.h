// Per-channel sums of a [rows, channels] float32 array, in float64: the Sum kernel's reduction, and the
// bias gradient a relu gradient takes of its output while the rows it just wrote are still in cache. Each
// thread adds its rows in order and the threads' partial sums are added in thread order, so a result
// depends only on the thread count.
#pragma once
#include <omp.h>
#include <cstddef>
#include <cstdint>
#include <vector>
#include "thread_stride.h"

namespace cges {

/** acc[c] += rows[r, c] for r in [0, count). */
inline void accumulateRows(const float* rows, int64_t count, int64_t channels, double* acc) {
  if (channels == 1) {
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (int64_t r = 0; r < count; ++r) s += rows[r];
    acc[0] += s;
    return;
  }
  for (int64_t r = 0; r < count; ++r) {
    const float* row = rows + r * channels;
#pragma omp simd
    for (int64_t c = 0; c < channels; ++c) acc[c] += row[c];
  }
}

/**
 * Runs body(thread, team) on `threads` OpenMP threads (in place when 1) and returns the team size OpenMP
 * gave, which the partial sums of the threads are then added over.
 */
template <typename Body>
int runTeam(int threads, Body body) {
  int used = 1;
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const int t = omp_get_thread_num(), team = omp_get_num_threads();
#pragma omp single
    used = team;
    body(t, team);
  }
  return used;
}

class ChannelSums {
 public:
  ChannelSums(int64_t channels, int threads)
      : channels_(channels),
        stride_(threadStride<double>(static_cast<std::size_t>(channels))),
        partial_(static_cast<std::size_t>(threads) * stride_, 0.0) {}

  /** Adds `count` rows starting at `rows` into thread `thread`'s partial sums. */
  void addRows(int thread, const float* rows, int64_t count) {
    accumulateRows(rows, count, channels_, partial_.data() + offset(thread));
  }

  /** out[c] = the sum over the first `threads` threads' partial sums, rounded to float32. */
  void write(int threads, float* out) const {
    for (int64_t c = 0; c < channels_; ++c) {
      double sum = 0;
      for (int t = 0; t < threads; ++t) sum += partial_[offset(t) + static_cast<std::size_t>(c)];
      out[c] = static_cast<float>(sum);
    }
  }

 private:
  std::size_t offset(int thread) const {
    return static_cast<std::size_t>(thread) * stride_;
  }

  int64_t channels_;
  std::size_t stride_;
  std::vector<double> partial_;
};

}  // namespace cges
