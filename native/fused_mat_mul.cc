// fusedMatMul(a, b, bias | null, out, [batchA, batchB, m, k, n], transposeA, transposeB, activation, alpha):
// TF.js _FusedMatMul with a per-column bias [n] and an eltwise activation (see fused_epilogue.h).
#include "mat_mul_primitive.h"
#include "registry.h"

namespace {

Napi::Value FusedMatMul(const Napi::CallbackInfo& info) {
  const char* fn = "fusedMatMul";
  cges::expectArgCount(info, fn, 9);
  cges::MatMulShape s = cges::matMulShapeArg(info, 4, fn);
  const float* a = cges::floatArrayArg(info, 0, fn, "a", s.aSize);
  const float* b = cges::floatArrayArg(info, 1, fn, "b", s.bSize);
  const float* bias = cges::optionalFloatArrayArg(info, 2, fn, "bias", s.n);
  float* out = cges::floatArrayArg(info, 3, fn, "out", s.outSize);
  cges::runMatMul(s, a, b, bias, out, cges::fusedActivationArg(info, 7, fn));
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(fusedMatMul, FusedMatMul);
