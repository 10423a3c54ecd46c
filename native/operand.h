// A TF.js buffer handed to a oneDNN primitive. When the primitive wants another layout than the TF.js
// one (e.g. a blocked filter layout that a faster implementation needs), the operand owns a buffer in
// that layout and a cached reorder between the two; otherwise the primitive reads the TF.js buffer itself.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>
#include "engine.h"

namespace cges {

class Operand {
 public:
  Operand(const dnnl::memory::desc& tfjsLayout, const dnnl::memory::desc& wanted, bool isOutput)
      : user_(tfjsLayout, cpuEngine(), DNNL_MEMORY_NONE),
        internal_(wanted == tfjsLayout ? user_ : dnnl::memory(wanted, cpuEngine())) {
    if (wanted != tfjsLayout) {
      reorder_ = isOutput ? dnnl::reorder(internal_, user_) : dnnl::reorder(user_, internal_);
    }
  }

  /** Points at the input's TF.js buffer and converts it to the wanted layout if needed. */
  const dnnl::memory& input(const float* data) {
    // oneDNN only reads inputs; its handle type is simply not const.
    user_.set_data_handle(const_cast<float*>(data));
    if (reorder_) reorder_.execute(cpuStream(), user_, internal_);
    return internal_;
  }

  /** Points at the output's TF.js buffer; call finish() after the primitive ran. */
  const dnnl::memory& output(float* data) {
    user_.set_data_handle(data);
    return internal_;
  }

  /** Converts an output from the primitive's layout to the TF.js one, if they differ. */
  void finish() {
    if (reorder_) reorder_.execute(cpuStream(), internal_, user_);
  }

  bool reorders() const { return static_cast<bool>(reorder_); }

 private:
  dnnl::memory user_;
  dnnl::memory internal_;
  dnnl::reorder reorder_;
};

}  // namespace cges
