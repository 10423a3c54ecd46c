// Thread count and version queries for the addon as a whole.
#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>
#include "napi_args.h"
#include "primitive_cache.h"
#include "registry.h"
#include "signal_guard.h"

namespace {

// More threads than this is a mistake, not a machine.
constexpr double kMaxThreads = 4096;

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const char* fn = "setThreads";
  cges::expectArgCount(info, fn, 1);
  omp_set_num_threads(static_cast<int>(cges::intArg(info, 0, fn, "n", 1, kMaxThreads)));
  cges::holdSignalsInWorkers();  // a larger team has new workers
  return info.Env().Undefined();
}

Napi::Value GetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), omp_get_max_threads());
}

// The keys of every cached primitive, each ending in the thread count it was built for (primitive_cache.h).
Napi::Value PrimitiveCacheKeys(const Napi::CallbackInfo& info) {
  std::vector<std::string> keys = cges::cachedPrimitiveKeys();
  Napi::Array out = Napi::Array::New(info.Env(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) out.Set(static_cast<uint32_t>(i), keys[i]);
  return out;
}

// Throws the C++ exception `kind` names (onednn, alloc, std, other), so that tests can check that the error
// boundary of addon.cc turns each into a JS error: none of them can be provoked safely through a kernel.
Napi::Value ThrowNativeError(const Napi::CallbackInfo& info) {
  const char* fn = "throwNativeError";
  cges::expectArgCount(info, fn, 1);
  if (!info[0].IsString()) cges::throwArg(info, fn, "kind", "must be a string");
  const std::string kind = info[0].As<Napi::String>().Utf8Value();
  if (kind == "onednn") throw dnnl::error(dnnl_invalid_arguments, "a oneDNN call was given invalid arguments");
  if (kind == "alloc") throw std::bad_alloc();
  if (kind == "std") throw std::length_error("a length went past the limit");
  if (kind == "other") throw 42;
  cges::throwArg(info, fn, "kind", "must be onednn, alloc, std or other");
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  const dnnl_version_t* v = dnnl::version();
  std::string text = std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
  return Napi::String::New(info.Env(), text);
}

}  // namespace

CGES_EXPORT(setThreads, SetThreads);
CGES_EXPORT(getThreads, GetThreads);
CGES_EXPORT(version, Version);
CGES_EXPORT(primitiveCacheKeys, PrimitiveCacheKeys);
CGES_EXPORT(throwNativeError, ThrowNativeError);
