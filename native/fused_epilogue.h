// The epilogue a fused kernel (fusedMatMul, fusedConv2d) runs on its output: an optional per-channel
// bias and an activation applied as a oneDNN eltwise post-op, named as TF.js names them. prelu needs a
// weight tensor and is left to the cpu kernels.
#pragma once
#include <napi.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include "napi_args.h"

namespace cges {

struct FusedActivation {
  std::string name;  // "linear", "relu", "relu6", "leakyrelu", "elu" or "sigmoid"
  float alpha = 0;   // the leakyrelu slope; unused by the others

  /** Part of a primitive cache key. */
  std::string key() const { return name + ":" + std::to_string(alpha); }

  /** The post-ops that apply this activation to the primitive's output (none for linear). */
  dnnl::post_ops postOps() const {
    using alg = dnnl::algorithm;
    dnnl::post_ops ops;
    // TF.js definitions: relu6 = min(max(x, 0), 6); leakyrelu = x < 0 ? alpha x : x;
    // elu = x >= 0 ? x : exp(x) - 1 (oneDNN's elu with alpha 1); sigmoid = 1 / (1 + exp(-x)).
    if (name == "relu") ops.append_eltwise(1.0f, alg::eltwise_relu, 0.0f, 0.0f);
    if (name == "relu6") ops.append_eltwise(1.0f, alg::eltwise_clip, 0.0f, 6.0f);
    if (name == "leakyrelu") ops.append_eltwise(1.0f, alg::eltwise_relu, alpha, 0.0f);
    if (name == "elu") ops.append_eltwise(1.0f, alg::eltwise_elu, 1.0f, 0.0f);
    if (name == "sigmoid") ops.append_eltwise(1.0f, alg::eltwise_logistic, 0.0f, 0.0f);
    return ops;
  }
};

/** Arguments i (activation name) and i + 1 (leakyrelu alpha) of a fused kernel. */
inline FusedActivation fusedActivationArg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  if (!info[i].IsString()) throwArg(info, fn, "activation", "must be a string");
  std::string name = info[i].As<Napi::String>().Utf8Value();
  if (name != "linear" && name != "relu" && name != "relu6" && name != "leakyrelu" && name != "elu" &&
      name != "sigmoid") {
    throwArg(info, fn, "activation", "must be linear, relu, relu6, leakyrelu, elu or sigmoid");
  }
  if (!info[i + 1].IsNumber()) throwArg(info, fn, "alpha", "must be a number");
  return {name, info[i + 1].As<Napi::Number>().FloatValue()};
}

}  // namespace cges
