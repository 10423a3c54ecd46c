// sum(x, out, outer, mid, inner): TF.js Sum over a run of adjacent axes. x viewed as [outer, mid, inner]
// (row-major), out[o, i] = sum over m of x[o, m, i]: a bias gradient is [1, n*h*w, c], a row sum [rows, cols, 1].
// Sums are float64, and each thread's partial sums are added in thread order, so a result depends only on
// the thread count, never on timing.
#include <omp.h>
#include <algorithm>
#include <vector>
#include "channel_sums.h"
#include "element_count.h"
#include "napi_args.h"
#include "registry.h"

namespace {

// Summing is bound by memory like the element-wise loops, with the same threshold (elementwise.h says why).
constexpr int64_t kParallelMinimum = 1 << 20;

// One [mid, inner] slab, split over the threads along mid.
void sumSlabParallel(const float* x, float* out, int64_t mid, int64_t inner) {
  const int threads = omp_get_max_threads();
  cges::ChannelSums partial(inner, threads);
  int used = cges::runTeam(threads, [&](int t, int team) {
    const int64_t first = mid * t / team, end = mid * (t + 1) / team;
    partial.addRows(t, x + first * inner, end - first);
  });
  partial.write(used, out);
}

// acc: `inner` doubles of the calling thread's own.
void sumSlab(const float* x, float* out, int64_t mid, int64_t inner, double* acc) {
  std::fill_n(acc, inner, 0.0);
  cges::accumulateRows(x, mid, inner, acc);
  for (int64_t i = 0; i < inner; ++i) out[i] = static_cast<float>(acc[i]);
}

Napi::Value Sum(const Napi::CallbackInfo& info) {
  const char* fn = "sum";
  cges::expectArgCount(info, fn, 5);
  int64_t outer = cges::intArg(info, 2, fn, "outer", 1);
  int64_t mid = cges::intArg(info, 3, fn, "mid", 1);
  int64_t inner = cges::intArg(info, 4, fn, "inner", 1);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", cges::elementCount(info, fn, "outer * mid * inner", {outer, mid, inner}));
  float* out = cges::floatArrayArg(info, 1, fn, "out", cges::elementCount(info, fn, "outer * inner", {outer, inner}));
  int64_t slab = mid * inner;
  bool parallel = outer * slab >= kParallelMinimum;
  const int threads = parallel ? omp_get_max_threads() : 1;
  if (parallel && outer < 2 * threads) {
    // Few slabs: split each one over the threads.
    for (int64_t o = 0; o < outer; ++o) sumSlabParallel(x + o * slab, out + o * inner, mid, inner);
    return info.Env().Undefined();
  }
  // Each thread's sums, allocated here: nothing that can throw runs inside the parallel region.
  std::vector<double> acc(static_cast<size_t>(threads) * static_cast<size_t>(inner));
#pragma omp parallel num_threads(threads) if (parallel)
  {
    double* own = acc.data() + static_cast<size_t>(omp_get_thread_num()) * static_cast<size_t>(inner);
#pragma omp for schedule(static)
    for (int64_t o = 0; o < outer; ++o) sumSlab(x + o * slab, out + o * inner, mid, inner, own);
  }
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(sum, Sum);
