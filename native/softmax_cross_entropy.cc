// softmaxCrossEntropy(labels, logits, rows, classes, loss, dLogits, dLabels): the mean softmax cross-entropy
// of a batch and both its gradients in one pass, for TF.js's tf.losses.softmaxCrossEntropy (no weights, no
// label smoothing), whose composition runs some 37 kernels. labels, logits, dLogits, dLabels: [rows, classes]
// row-major; loss: [1]. Per row, as TF.js computes it (float32 steps, sums in float64, exp and log in float64
// rounded once, as its cpu and onednn kernels do):
//   lse = max + log(sum exp(x - max)),  cost = x - lse,  rowLoss = sum(-(cost * label))
//   loss = (sum of rowLoss) / rows
//   dLogits = (1 / rows) * (exp(cost) - label),  dLabels = (1 / rows) * (label - exp(cost))
// (dLabels as TF.js's own gradient has it).
#include <limits>
#include "element_count.h"
#include "elementwise.h"
#include "registry.h"

namespace {

Napi::Value SoftmaxCrossEntropy(const Napi::CallbackInfo& info) {
  const char* fn = "softmaxCrossEntropy";
  cges::expectArgCount(info, fn, 7);
  int64_t rows = cges::intArg(info, 2, fn, "rows", 1);
  int64_t classes = cges::intArg(info, 3, fn, "classes", 1);
  const int64_t size = cges::elementCount(info, fn, "rows * classes", {rows, classes});
  const float* labels = cges::floatArrayArg(info, 0, fn, "labels", size);
  const float* logits = cges::floatArrayArg(info, 1, fn, "logits", size);
  float* loss = cges::floatArrayArg(info, 4, fn, "loss", 1);
  float* dLogits = cges::floatArrayArg(info, 5, fn, "dLogits", size);
  float* dLabels = cges::floatArrayArg(info, 6, fn, "dLabels", size);
  const float scale = static_cast<float>(1.0 / static_cast<double>(rows));
  double total = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const float* x = logits + r * classes;
    const float* y = labels + r * classes;
    float max = -std::numeric_limits<float>::infinity();
    for (int64_t c = 0; c < classes; ++c) max = x[c] > max || x[c] != x[c] ? x[c] : max;
    double sumExp = 0;
    for (int64_t c = 0; c < classes; ++c) sumExp += cges::expRounded(x[c] - max);
    const float lse = max + cges::logRounded(static_cast<float>(sumExp));
    double rowLoss = 0;
    for (int64_t c = 0; c < classes; ++c) {
      const float cost = x[c] - lse, probability = cges::expRounded(cost);
      rowLoss += -(cost * y[c]);
      dLogits[r * classes + c] = scale * (probability - y[c]);
      dLabels[r * classes + c] = scale * (y[c] - probability);
    }
    total += static_cast<float>(rowLoss);
  }
  loss[0] = static_cast<float>(static_cast<float>(total) / static_cast<float>(rows));
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(softmaxCrossEntropy, SoftmaxCrossEntropy);
