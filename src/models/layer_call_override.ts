// How a tfjs-layers layer class is made to run a faster op where one computes what its own call computes:
// the class's call is wrapped once, and the fast path, given the layer and its single input tensor, returns
// the output or null to run the layer's own call unchanged (other backends, cases it does not cover).
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

export function overrideLayerCall<L extends tfl.layers.Layer>(instance: L,
  fast: (layer: L, input: tf.Tensor, kwargs: Kwargs) => tf.Tensor | null): void {
  const prototype: Pick<L, 'call'> = Object.getPrototypeOf(instance);
  const ownCall = prototype.call;
  prototype.call = function call(this: L, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs) {
    const input = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : null) : inputs;
    return (input === null ? null : fast(this, input, kwargs)) ?? ownCall.call(this, inputs, kwargs);
  };
}
