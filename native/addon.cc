// Module entry: exports every function registered with CGES_EXPORT.
#include "registry.h"
#include "signal_guard.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  cges::holdSignalsInWorkers();
  for (const auto& [name, fn] : cges::registry()) exports.Set(name, Napi::Function::New(env, fn, name));
  return exports;
}

}  // namespace

NODE_API_MODULE(cges_native, Init)
