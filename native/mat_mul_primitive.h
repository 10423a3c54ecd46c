// Batched matrix multiply on oneDNN, shared by batchMatMul and fusedMatMul.
// a: [batchA, m, k] row-major, or [batchA, k, m] when transposeA; b: [batchB, k, n], or [batchB, n, k]
// when transposeB; out: [max(batchA, batchB), m, n]; a batch of 1 broadcasts. bias: [n] or null.
// Transposes are expressed as strides, so oneDNN reads the TF.js buffers as they are: no copies.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>
#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>
#include "element_count.h"
#include "engine.h"
#include "fused_epilogue.h"
#include "napi_args.h"
#include "primitive_cache.h"
#include "scoped_threads.h"
#include "signal_guard.h"

namespace cges {

struct MatMulShape {
  int64_t batchA, batchB, m, k, n;
  bool transposeA, transposeB;
  int64_t aSize, bSize, outSize;  // element counts, checked by matMulShapeArg

  int64_t batch() const { return std::max(batchA, batchB); }
  std::string key() const {
    return std::to_string(batchA) + "," + std::to_string(batchB) + "," + std::to_string(m) + "," +
           std::to_string(k) + "," + std::to_string(n) + (transposeA ? "T" : "N") + (transposeB ? "T" : "N");
  }
};

/** Arguments i ([batchA, batchB, m, k, n]), i + 1 (transposeA) and i + 2 (transposeB). */
inline MatMulShape matMulShapeArg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  std::vector<int64_t> dims = intListArg(info, i, fn, "shape", 5, 1);
  MatMulShape s{dims[0], dims[1], dims[2], dims[3], dims[4], boolArg(info, i + 1, fn, "transposeA"),
                boolArg(info, i + 2, fn, "transposeB"), 0, 0, 0};
  if (s.batchA != s.batchB && s.batchA != 1 && s.batchB != 1) {
    throwArg(info, fn, "shape", "must have equal batches or a batch of 1");
  }
  s.aSize = elementCount(info, fn, "shape", {s.batchA, s.m, s.k});
  s.bSize = elementCount(info, fn, "shape", {s.batchB, s.k, s.n});
  s.outSize = elementCount(info, fn, "shape", {s.batch(), s.m, s.n});
  return s;
}

// Below this many multiply-adds (batch * m * k * n, 33.5M: about 0.3 ms on one thread) a matmul is created
// and run on one thread. A second thread saves at most half of that, and a region waits for the other
// thread to wake, or for a descheduled one whenever the other core is busy: LeNet-300-100's 23.5M
// multiply-add matmuls on two threads gave a median step of 1.69 ms but a mean of 2.7 ms (12% of steps
// over 5 ms, on a 2-core VM), on one thread 1.77 ms and 1.93 ms; next to other work, two threads once
// took its step from 7 ms to 55-107 ms. The shape alone decides, so a cached primitive always runs with the
// team it was created for.
constexpr double kMatMulParallelMinimum = 1 << 25;

struct MatMulEntry {
  dnnl::matmul primitive;
  dnnl::memory a, b, bias, out;
};

inline std::unique_ptr<MatMulEntry> makeMatMul(const MatMulShape& s, bool hasBias, const FusedActivation& act) {
  using dims = dnnl::memory::dims;
  using md = dnnl::memory::desc;
  const auto f32 = dnnl::memory::data_type::f32;
  md a(dims{s.batchA, s.m, s.k}, f32, s.transposeA ? dims{s.m * s.k, 1, s.m} : dims{s.m * s.k, s.k, 1});
  md b(dims{s.batchB, s.k, s.n}, f32, s.transposeB ? dims{s.k * s.n, 1, s.k} : dims{s.k * s.n, s.n, 1});
  md out(dims{s.batch(), s.m, s.n}, f32, dims{s.m * s.n, s.n, 1});
  md bias = hasBias ? md(dims{1, 1, s.n}, f32, dims{s.n, s.n, 1}) : md();
  dnnl::primitive_attr attr;
  attr.set_post_ops(act.postOps());
  dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, b, bias, out), attr, cpuEngine());
  auto& engine = cpuEngine();
  return std::unique_ptr<MatMulEntry>(new MatMulEntry{
      dnnl::matmul(pd), dnnl::memory(a, engine, DNNL_MEMORY_NONE), dnnl::memory(b, engine, DNNL_MEMORY_NONE),
      dnnl::memory(bias, engine, DNNL_MEMORY_NONE), dnnl::memory(out, engine, DNNL_MEMORY_NONE)});
}

/** out = act(op(a) op(b) + bias); bias may be null. */
inline void runMatMul(const MatMulShape& s, const float* a, const float* b, const float* bias, float* out,
                      const FusedActivation& act) {
  static PrimitiveCache<MatMulEntry> cache(64);
  const double multiplyAdds = static_cast<double>(s.batch()) * s.m * s.k * s.n;
  ScopedThreads team(multiplyAdds < kMatMulParallelMinimum ? 1 : omp_get_max_threads());
  SignalsHeld held;  // gemm:jit moves rsp onto the heap (signal_guard.h)
  std::string key = s.key() + (bias != nullptr ? "+b" : "") + act.key();
  MatMulEntry& e = cache.get(key, [&] { return makeMatMul(s, bias != nullptr, act); });
  // oneDNN only reads its inputs; its handle type is simply not const.
  e.a.set_data_handle(const_cast<float*>(a));
  e.b.set_data_handle(const_cast<float*>(b));
  e.out.set_data_handle(out);
  std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_SRC, e.a}, {DNNL_ARG_WEIGHTS, e.b}, {DNNL_ARG_DST, e.out}};
  if (bias != nullptr) {
    e.bias.set_data_handle(const_cast<float*>(bias));
    args.emplace(DNNL_ARG_BIAS, e.bias);
  }
  e.primitive.execute(cpuStream(), args);
  cpuStream().wait();
}

}  // namespace cges
