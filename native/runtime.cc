// Thread count and version queries for the addon as a whole.
#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include "registry.h"
#include "signal_guard.h"

namespace {

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  if (info.Length() != 1 || !info[0].IsNumber() || info[0].As<Napi::Number>().Int32Value() < 1) {
    throw Napi::TypeError::New(info.Env(), "setThreads(n): n must be a positive integer");
  }
  omp_set_num_threads(info[0].As<Napi::Number>().Int32Value());
  cges::holdSignalsInWorkers();  // a larger team has new workers
  return info.Env().Undefined();
}

Napi::Value GetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), omp_get_max_threads());
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
