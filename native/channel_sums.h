// Per-channel sums of a [rows, channels] float32 result, taken by the loop that writes it while the rows
// are still in cache: a relu gradient's bias gradient without a second pass over it. Sums are float64; each
// thread adds its rows in order and the threads' partial sums are added in thread order, so a result
// depends only on the thread count.
#pragma once
#include <cstdint>
#include <vector>

namespace cges {

class ChannelSums {
 public:
  ChannelSums(int64_t channels, int threads)
      : channels_(channels), partial_(static_cast<size_t>(threads) * static_cast<size_t>(channels), 0.0) {}

  /** Adds `count` rows starting at `rows` into thread `thread`'s partial sums. */
  void addRows(int thread, const float* rows, int64_t count) {
    double* acc = partial_.data() + static_cast<size_t>(thread) * static_cast<size_t>(channels_);
    for (int64_t r = 0; r < count; ++r) {
      const float* row = rows + r * channels_;
#pragma omp simd
      for (int64_t c = 0; c < channels_; ++c) acc[c] += row[c];
    }
  }

  /** out[c] = the sum over the first `threads` threads' partial sums, rounded to float32. */
  void write(int threads, float* out) const {
    for (int64_t c = 0; c < channels_; ++c) {
      double sum = 0;
      for (int t = 0; t < threads; ++t) sum += partial_[static_cast<size_t>(t) * static_cast<size_t>(channels_) + c];
      out[c] = static_cast<float>(sum);
    }
  }

 private:
  int64_t channels_;
  std::vector<double> partial_;
};

/** step(x) as TF.js defines it for the relu gradient: 1 above 0, NaN at NaN, else 0. */
inline float reluStep(float x) { return x > 0 ? 1.0f : (x != x ? x : 0.0f); }

}  // namespace cges
