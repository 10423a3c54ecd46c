// Every native entry point registers itself here from its own file, so adding a kernel never means
// editing a central list. addon.cc exports whatever is registered.
#pragma once
#include <napi.h>
#include <utility>
#include <vector>

namespace cges {

using Entry = std::pair<const char*, Napi::Function::Callback>;

inline std::vector<Entry>& registry() {
  static std::vector<Entry> entries;
  return entries;
}

struct Registrar {
  Registrar(const char* name, Napi::Function::Callback fn) { registry().emplace_back(name, fn); }
};

}  // namespace cges

// CGES_EXPORT(matMul, MatMul) exposes the C++ function MatMul to JS as addon.matMul.
#define CGES_EXPORT(js_name, fn) static const ::cges::Registrar registrar_##js_name(#js_name, fn)
