// Element-wise float32 loops shared by the element-wise kernels: plain OpenMP loops, since these are bound
// by memory bandwidth and a oneDNN primitive would only add its creation cost.
// A binary op takes two flat arrays where the shorter one repeats over the longer in blocks: element k of
// the shorter operand covers `inner` consecutive outputs, and the shorter operand as a whole repeats
// cyclically. inner = 1 covers equal lengths, a scalar and a trailing broadcast such as x [n, h, w, c] +
// bias [c]; inner > 1 covers a broadcast over the last axes, such as logits [n, k] - max [n, 1] (inner = k).
// The TypeScript side only sends shapes whose broadcast means exactly that.
#pragma once
#include <omp.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include "napi_args.h"

namespace cges {

// Below this many elements one thread is faster than waking the others. A loop over 1M floats takes about
// 0.3 ms on one thread; a second thread saves at most half of that on an idle machine, but when the other
// core is busy the region waits for a descheduled thread: SGD's lr * gradient over 235k weights measured
// 47 us of CPU on one thread and 1.7 ms (3.7 ms wall) on two, next to other work.
constexpr int64_t kElementwiseParallelMinimum = 1 << 20;

// Each parallel region copies `op` into a local first: a lambda's captured state (Step's alpha) read
// through the shared closure may alias `out` as far as the compiler knows, which stops vectorisation and
// made Step 25 times slower than Relu.

/** e^v in float64, rounded once, as the cpu kernel rounds Math.exp: both backends agree to the last bit
 *  almost everywhere. */
inline float expRounded(float v) { return static_cast<float>(std::exp(static_cast<double>(v))); }

/** ln(v) in float64, rounded once, as the cpu kernel rounds Math.log. */
inline float logRounded(float v) { return static_cast<float>(std::log(static_cast<double>(v))); }

/** step(v) as TF.js's relu gradient uses it: 1 above 0, NaN at NaN, else 0. */
inline float reluStep(float v) { return v > 0 ? 1.0f : (v != v ? v : 0.0f); }

/** TF.js's relu6 gradient mask, cast(mul(lessEqual(v, 6), step(v))): 1 on (0, 6], NaN at NaN, else 0. */
inline float relu6Mask(float v) { return v > 0 && v <= 6 ? 1.0f : (v != v ? v : 0.0f); }

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

/** out[i] = op(a[i], b[i]); out may be a (each element is read before it is written). */
template <typename Op>
void binaryMap(const float* a, const float* b, float* out, int64_t n, Op op) {
#pragma omp parallel if (n >= kElementwiseParallelMinimum)
  {
    const Op local = op;
#pragma omp for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) out[i] = local(a[i], b[i]);
  }
}

/** out = op(long[i], short[(i / inner) % ns]) over the n = nl elements of long; nl is a multiple of ns * inner. */
template <typename Op>
void blockBroadcast(const float* longer, int64_t nl, const float* shorter, int64_t ns, int64_t inner, float* out,
                    Op op) {
#pragma omp parallel if (nl >= kElementwiseParallelMinimum)
  {
    const Op local = op;
#pragma omp for schedule(static)
    for (int64_t r = 0; r < nl / inner; ++r) {
      const float s = shorter[r % ns];
      const float* l = longer + r * inner;
      float* o = out + r * inner;
#pragma omp simd
      for (int64_t j = 0; j < inner; ++j) o[j] = local(l[j], s);
    }
  }
}

/**
 * out = op(a, b) with the shorter of a and b repeating in blocks of `inner` (see the top of this file);
 * n = max(na, nb), a multiple of min(na, nb) * inner.
 */
template <typename Op>
void cyclicBinary(const float* a, int64_t na, const float* b, int64_t nb, int64_t inner, float* out, Op op) {
  if (inner > 1 && na != nb) {
    if (na > nb) {
      blockBroadcast(a, na, b, nb, inner, out, op);
    } else {
      blockBroadcast(b, nb, a, na, inner, out, [op](float x, float y) { return op(y, x); });
    }
    return;
  }
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

/** The JS entry of a unary op: fn(x, out), out as long as x. */
template <typename Op>
Napi::Value unaryEntry(const Napi::CallbackInfo& info, const char* fn, Op op) {
  expectArgCount(info, fn, 2);
  FloatArray x = floatArrayView(info, 0, fn, "x");
  float* out = floatArrayArg(info, 1, fn, "out", x.length);
  unaryMap(x.data, out, x.length, op);
  return info.Env().Undefined();
}

/** The JS entry of a gradient read from dy and x: fn(dy, x, out), all of one length, out = op(dy, x). */
template <typename Op>
Napi::Value gradientEntry(const Napi::CallbackInfo& info, const char* fn, Op op) {
  expectArgCount(info, fn, 3);
  FloatArray dy = floatArrayView(info, 0, fn, "dy");
  const float* x = floatArrayArg(info, 1, fn, "x", dy.length);
  float* out = floatArrayArg(info, 2, fn, "out", dy.length);
  binaryMap(dy.data, x, out, dy.length, op);
  return info.Env().Undefined();
}

/** The JS entry of a binary op: fn(a, b, out, inner), out as long as the longer input, inner >= 1. */
template <typename Op>
Napi::Value cyclicBinaryEntry(const Napi::CallbackInfo& info, const char* fn, Op op) {
  expectArgCount(info, fn, 4);
  FloatArray a = floatArrayView(info, 0, fn, "a");
  FloatArray b = floatArrayView(info, 1, fn, "b");
  int64_t inner = intArg(info, 3, fn, "inner", 1);
  int64_t n = std::max(a.length, b.length), shorter = std::min(a.length, b.length);
  // With equal lengths inner is unused; otherwise each block of the shorter operand spans inner outputs.
  if (shorter < 1 || inner > n || (shorter != n && n % (shorter * inner) != 0)) {
    throwArg(info, fn, "b", "must have a length that, times inner, divides a's, or a multiple of it");
  }
  float* out = floatArrayArg(info, 2, fn, "out", n);
  cyclicBinary(a.data, a.length, b.data, b.length, inner, out, op);
  return info.Env().Undefined();
}

}  // namespace cges
