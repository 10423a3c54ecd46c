// batchMatMul(a, b, out, [batchA, batchB, m, k, n], transposeA, transposeB): TF.js BatchMatMul.
// Layouts as in mat_mul_primitive.h; out is written in full.
#include "mat_mul_primitive.h"
#include "registry.h"

namespace {

Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  const char* fn = "batchMatMul";
  cges::expectArgCount(info, fn, 6);
  cges::MatMulShape s = cges::matMulShapeArg(info, 3, fn);
  const float* a = cges::floatArrayArg(info, 0, fn, "a", s.aSize);
  const float* b = cges::floatArrayArg(info, 1, fn, "b", s.bSize);
  float* out = cges::floatArrayArg(info, 2, fn, "out", s.outSize);
  cges::runMatMul(s, a, b, nullptr, out, cges::FusedActivation{"linear", 0});
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(batchMatMul, BatchMatMul);
