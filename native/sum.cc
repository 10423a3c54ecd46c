// sum(x, out, outer, mid, inner): TF.js Sum over a run of adjacent axes. x viewed as [outer, mid, inner]
// (row-major), out[o, i] = sum over m of x[o, m, i]: a bias gradient is [1, n*h*w, c], a row sum [rows, cols, 1].
// Sums are float64, and each thread's partial sums are added in thread order, so a result depends only on
// the thread count, never on timing.
#include <omp.h>
#include <vector>
#include "napi_args.h"
#include "registry.h"

namespace {

// Summing is bound by memory like the element-wise loops, with the same threshold (elementwise.h says why).
constexpr int64_t kParallelMinimum = 1 << 20;

// acc[i] += x[m, i] for m in [m0, m1).
void accumulate(const float* x, int64_t m0, int64_t m1, int64_t inner, double* acc) {
  if (inner == 1) {
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (int64_t m = m0; m < m1; ++m) s += x[m];
    acc[0] += s;
    return;
  }
  for (int64_t m = m0; m < m1; ++m) {
    const float* row = x + m * inner;
#pragma omp simd
    for (int64_t i = 0; i < inner; ++i) acc[i] += row[i];
  }
}

// One [mid, inner] slab, split over the threads along mid.
void sumSlabParallel(const float* x, float* out, int64_t mid, int64_t inner) {
  int threads = omp_get_max_threads();
  std::vector<double> partial(static_cast<size_t>(threads) * inner, 0.0);
  int used = 1;
#pragma omp parallel num_threads(threads)
  {
    int t = omp_get_thread_num(), team = omp_get_num_threads();
#pragma omp single
    used = team;
    accumulate(x, mid * t / team, mid * (t + 1) / team, inner, partial.data() + static_cast<size_t>(t) * inner);
  }
  for (int64_t i = 0; i < inner; ++i) {
    double s = 0;
    for (int t = 0; t < used; ++t) s += partial[static_cast<size_t>(t) * inner + i];
    out[i] = static_cast<float>(s);
  }
}

void sumSlab(const float* x, float* out, int64_t mid, int64_t inner, std::vector<double>& acc) {
  acc.assign(inner, 0.0);
  accumulate(x, 0, mid, inner, acc.data());
  for (int64_t i = 0; i < inner; ++i) out[i] = static_cast<float>(acc[i]);
}

Napi::Value Sum(const Napi::CallbackInfo& info) {
  const char* fn = "sum";
  cges::expectArgCount(info, fn, 5);
  int64_t outer = cges::intArg(info, 2, fn, "outer", 1);
  int64_t mid = cges::intArg(info, 3, fn, "mid", 1);
  int64_t inner = cges::intArg(info, 4, fn, "inner", 1);
  const float* x = cges::floatArrayArg(info, 0, fn, "x", outer * mid * inner);
  float* out = cges::floatArrayArg(info, 1, fn, "out", outer * inner);
  int64_t slab = mid * inner;
  bool parallel = outer * slab >= kParallelMinimum;
  if (parallel && outer < 2 * omp_get_max_threads()) {
    // Few slabs: split each one over the threads.
    for (int64_t o = 0; o < outer; ++o) sumSlabParallel(x + o * slab, out + o * inner, mid, inner);
    return info.Env().Undefined();
  }
#pragma omp parallel if (parallel)
  {
    std::vector<double> acc;
#pragma omp for schedule(static)
    for (int64_t o = 0; o < outer; ++o) sumSlab(x + o * slab, out + o * inner, mid, inner, acc);
  }
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(sum, Sum);
