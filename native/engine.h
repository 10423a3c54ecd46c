// One oneDNN CPU engine and stream for the whole process; primitives run synchronously on it.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>

namespace cges {

inline dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

inline dnnl::stream& cpuStream() {
  static dnnl::stream stream(cpuEngine());
  return stream;
}

}  // namespace cges
