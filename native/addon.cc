// Module entry: exports every function registered with CGES_EXPORT, each behind one error boundary.
// A C++ exception that leaves an N-API callback other than a Napi::Error ends the process; at the boundary
// a oneDNN error, a failed allocation or any other std::exception becomes a JS Error naming the entry
// point, so a bad shape or an exhausted heap fails the one kernel call, not the whole run.
#include <oneapi/dnnl/dnnl.hpp>
#include <new>
#include <stdexcept>
#include <string>
#include "registry.h"
#include "signal_guard.h"

namespace {

Napi::Value callGuarded(const Napi::CallbackInfo& info, const char* name, Napi::Function::Callback fn) {
  auto fail = [&](const std::string& what) -> Napi::Value {
    throw Napi::Error::New(info.Env(), std::string(name) + ": " + what);
  };
  try {
    return fn(info);
  } catch (const Napi::Error&) {
    throw;  // already a JS error, its message naming the entry point and the argument (napi_args.h)
  } catch (const dnnl::error& error) {
    return fail("oneDNN error (status " + std::to_string(static_cast<int>(error.status)) + "): " + error.what());
  } catch (const std::bad_alloc&) {
    return fail("out of memory");
  } catch (const std::exception& error) {
    return fail(error.what());
  } catch (...) {
    return fail("unknown native error");
  }
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  cges::holdSignalsInWorkers();
  for (const auto& [name, fn] : cges::registry()) {
    const char* entry = name;
    Napi::Function::Callback callback = fn;
    exports.Set(name, Napi::Function::New(
        env, [entry, callback](const Napi::CallbackInfo& info) { return callGuarded(info, entry, callback); }, name));
  }
  return exports;
}

}  // namespace

NODE_API_MODULE(cges_native, Init)
