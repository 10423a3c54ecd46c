// byteMisalignment(array): the address of a Float32Array's first element modulo 64, so that
// src/backend/aligned_memory.ts can place tensor storage on 64-byte boundaries (why: see that file).
#include <cstdint>
#include "napi_args.h"
#include "registry.h"

namespace {

constexpr size_t kAlignment = 64;

Napi::Value ByteMisalignment(const Napi::CallbackInfo& info) {
  const char* fn = "byteMisalignment";
  cges::expectArgCount(info, fn, 1);
  cges::FloatArray array = cges::floatArrayView(info, 0, fn, "array");
  const auto address = reinterpret_cast<std::uintptr_t>(array.data);
  return Napi::Number::New(info.Env(), static_cast<double>(address % kAlignment));
}

}  // namespace

CGES_EXPORT(byteMisalignment, ByteMisalignment);
