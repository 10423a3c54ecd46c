// CgesSoftmaxCrossEntropy, a kernel of the onednn backend alone: the mean softmax cross-entropy of logits
// [rows, classes] against labels of that shape, and its gradients for a loss gradient of 1, in one native
// call (native/softmax_cross_entropy.cc). Outputs: [loss [], dLogits, dLabels]. The op in
// ../softmax_cross_entropy.ts runs it.
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

export const SOFTMAX_CROSS_ENTROPY = 'CgesSoftmaxCrossEntropy';

const softmaxCrossEntropy: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, SOFTMAX_CROSS_ENTROPY);
  const { labels, logits } = args.inputs;
  const labelValues = labels === undefined ? null : float32Values(backend, labels);
  const logitValues = logits === undefined ? null : float32Values(backend, logits);
  if (labels === undefined || logits === undefined || labelValues === null || logitValues === null ||
    logits.shape.length !== 2 || labels.shape.length !== 2 || labels.shape[0] !== logits.shape[0] ||
    labels.shape[1] !== logits.shape[1]) {
    throw new Error(`cges: ${SOFTMAX_CROSS_ENTROPY} takes float32 labels and logits of one [rows, classes] shape`);
  }
  const [rows, classes] = logits.shape;
  const loss = float32OutputToOverwrite(backend, []);
  const dLogits = float32OutputToOverwrite(backend, logits.shape);
  const dLabels = float32OutputToOverwrite(backend, logits.shape);
  addon.softmaxCrossEntropy(labelValues, logitValues, rows, classes, loss.values, dLogits.values, dLabels.values);
  return [loss.info, dLogits.info, dLabels.info];
};

export const softmaxCrossEntropyConfig: KernelConfig = {
  kernelName: SOFTMAX_CROSS_ENTROPY,
  backendName: 'onednn',
  kernelFunc: softmaxCrossEntropy,
};
