// The number of elements of a tensor from its dimensions, checked: dimensions come from JavaScript, and
// a product that wrapped around could match a small array's length and let a primitive run past it.
#pragma once
#include <napi.h>
#include <cstdint>
#include <initializer_list>
#include "napi_args.h"

namespace cges {

inline int64_t elementCount(const Napi::CallbackInfo& info, const char* fn, const char* arg,
                            std::initializer_list<int64_t> dims) {
  int64_t count = 1;
  for (int64_t dim : dims) {
    if (__builtin_mul_overflow(count, dim, &count)) throwArg(info, fn, arg, "has more elements than fit in memory");
  }
  return count;
}

}  // namespace cges
