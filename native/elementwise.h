// Element-wise float32 loops shared by the element-wise kernels: plain OpenMP loops, since these are bound
// by memory bandwidth and a oneDNN primitive would only add its creation cost.
// A binary op takes two flat arrays where the shorter one repeats cyclically over the longer: equal
// lengths, a scalar, or a trailing broadcast such as x [n, h, w, c] + bias [c]. The TypeScript side only
// sends shapes whose broadcast means exactly that.
#pragma once
#include <omp.h>
#include <algorithm>
#include <cstdint>
#include "napi_args.h"

namespace cges {

// Below this many elements one thread is faster than waking the others.
constexpr int64_t kElementwiseParallelMinimum = 1 << 15;

// Each parallel region copies `op` into a local first: a lambda's captured state (Step's alpha) read
// through the shared closure may alias `out` as far as the compiler knows, which stops vectorisation and
// made Step 25 times slower than Relu.

/** out[i] = op(x[i]). */
template <typename Op>
void unaryMap(const float* x, float* out, int64_t n, Op op) {
#pragma omp parallel if (n >= kElementwiseParallelMinimum)
  {
    const Op local = op;
#pragma omp for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) out[i] = local(x[i]);
  }
}

/** out = op(a, b) with the shorter of a and b repeated cyclically; n = max(na, nb), a multiple of both. */
template <typename Op>
void cyclicBinary(const float* a, int64_t na, const float* b, int64_t nb, float* out, Op op) {
  int64_t n = std::max(na, nb);
#pragma omp parallel if (n >= kElementwiseParallelMinimum)
  {
    const Op local = op;
    if (na == nb) {
#pragma omp for simd schedule(static)
      for (int64_t i = 0; i < n; ++i) out[i] = local(a[i], b[i]);
    } else if (nb == 1) {
      const float s = b[0];
#pragma omp for simd schedule(static)
      for (int64_t i = 0; i < n; ++i) out[i] = local(a[i], s);
    } else if (na == 1) {
      const float s = a[0];
#pragma omp for simd schedule(static)
      for (int64_t i = 0; i < n; ++i) out[i] = local(s, b[i]);
    } else if (na > nb) {
#pragma omp for schedule(static)
      for (int64_t r = 0; r < na / nb; ++r) {
        const float* ar = a + r * nb;
        float* o = out + r * nb;
#pragma omp simd
        for (int64_t j = 0; j < nb; ++j) o[j] = local(ar[j], b[j]);
      }
    } else {
#pragma omp for schedule(static)
      for (int64_t r = 0; r < nb / na; ++r) {
        const float* br = b + r * na;
        float* o = out + r * na;
#pragma omp simd
        for (int64_t j = 0; j < na; ++j) o[j] = local(a[j], br[j]);
      }
    }
  }
}

/** The JS entry of a cyclic binary op: fn(a, b, out), out as long as the longer input. */
template <typename Op>
Napi::Value cyclicBinaryEntry(const Napi::CallbackInfo& info, const char* fn, Op op) {
  expectArgCount(info, fn, 3);
  FloatArray a = floatArrayView(info, 0, fn, "a");
  FloatArray b = floatArrayView(info, 1, fn, "b");
  int64_t n = std::max(a.length, b.length), shorter = std::min(a.length, b.length);
  if (shorter < 1 || n % shorter != 0) {
    throwArg(info, fn, "b", "must have a length that divides a's, or a multiple of it");
  }
  float* out = floatArrayArg(info, 2, fn, "out", n);
  cyclicBinary(a.data, a.length, b.data, b.length, out, op);
  return info.Env().Undefined();
}

}  // namespace cges
