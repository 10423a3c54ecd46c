// Argument checks for native entry points. Each getter names the function and the argument at fault
// in a TypeError, so a wrong call from TypeScript fails loudly at the boundary, never inside a kernel.
#pragma once
#include <napi.h>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cges {

[[noreturn]] inline void throwArg(const Napi::CallbackInfo& info, const char* fn, const char* arg, const char* what) {
  throw Napi::TypeError::New(info.Env(), std::string(fn) + ": argument " + arg + " " + what);
}

inline void expectArgCount(const Napi::CallbackInfo& info, const char* fn, size_t count) {
  if (info.Length() != count) {
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": expected " + std::to_string(count) +
                                               " arguments, got " + std::to_string(info.Length()));
  }
}

/** A Float32Array argument with exactly `length` elements (any length when length < 0). */
inline float* floatArrayArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* arg,
                            int64_t length = -1) {
  if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throwArg(info, fn, arg, "must be a Float32Array");
  }
  auto array = info[i].As<Napi::Float32Array>();
  if (length >= 0 && static_cast<int64_t>(array.ElementLength()) != length) {
    throwArg(info, fn, arg, ("must have " + std::to_string(length) + " elements").c_str());
  }
  return array.Data();
}

/** An optional Float32Array (null allowed) of exactly `length` elements; nullptr when null. */
inline float* optionalFloatArrayArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* arg,
                                    int64_t length) {
  if (info[i].IsNull()) return nullptr;
  return floatArrayArg(info, i, fn, arg, length);
}

/** A Float32Array argument of any length, with its length. */
struct FloatArray {
  float* data;
  int64_t length;
};

inline FloatArray floatArrayView(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* arg) {
  float* data = floatArrayArg(info, i, fn, arg);
  return {data, static_cast<int64_t>(info[i].As<Napi::Float32Array>().ElementLength())};
}

// The largest integer a JavaScript number holds exactly (2^53 - 1). Larger values are refused before the
// cast to int64_t, which is undefined at 2^63 and above, and so that sums of a few checked values cannot
// overflow.
constexpr double kMaxSafeInteger = 9007199254740991.0;

/** Whether `value` is an integer in [minimum, maximum]. */
inline bool isIntegerIn(double value, double minimum, double maximum) {
  return std::isfinite(value) && value == std::floor(value) && value >= minimum && value <= maximum;
}

inline std::string integerRange(int64_t minimum, double maximum) {
  return "an integer from " + std::to_string(minimum) + " to " +
         (maximum == kMaxSafeInteger ? std::string("2^53 - 1") : std::to_string(static_cast<int64_t>(maximum)));
}

/** An integer argument in [minimum, maximum]. */
inline int64_t intArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* arg, int64_t minimum = 0,
                      double maximum = kMaxSafeInteger) {
  if (!info[i].IsNumber()) throwArg(info, fn, arg, "must be a number");
  double value = info[i].As<Napi::Number>().DoubleValue();
  if (!isIntegerIn(value, static_cast<double>(minimum), maximum)) {
    throwArg(info, fn, arg, ("must be " + integerRange(minimum, maximum)).c_str());
  }
  return static_cast<int64_t>(value);
}

/** A finite number argument >= 0 (thresholds, scales). */
inline double nonNegativeArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* arg) {
  if (!info[i].IsNumber()) throwArg(info, fn, arg, "must be a number");
  double value = info[i].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(value) || value < 0) throwArg(info, fn, arg, "must be a finite number >= 0");
  return value;
}

inline bool boolArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* arg) {
  if (!info[i].IsBoolean()) throwArg(info, fn, arg, "must be a boolean");
  return info[i].As<Napi::Boolean>().Value();
}

/** An array of `count` integers >= minimum, e.g. a shape [n, h, w, c]. */
inline std::vector<int64_t> intListArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* arg,
                                       size_t count, int64_t minimum = 0) {
  if (!info[i].IsArray() || info[i].As<Napi::Array>().Length() != count) {
    throwArg(info, fn, arg, ("must be an array of " + std::to_string(count) + " integers").c_str());
  }
  auto array = info[i].As<Napi::Array>();
  std::vector<int64_t> values(count);
  for (size_t k = 0; k < count; ++k) {
    Napi::Value item = array.Get(static_cast<uint32_t>(k));
    double value = item.IsNumber() ? item.As<Napi::Number>().DoubleValue() : NAN;
    if (!isIntegerIn(value, static_cast<double>(minimum), kMaxSafeInteger)) {
      throwArg(info, fn, arg, ("must hold integers from " + std::to_string(minimum) + " to 2^53 - 1").c_str());
    }
    values[k] = static_cast<int64_t>(value);
  }
  return values;
}

}  // namespace cges
