// tfjs-layers' ReLU layer with maxValue 6 (Keras's ReLU(6.), MobileNetV2's activation, as
// tensorflowjs_converter writes it) runs relu and then clipByValue(0, 6): two passes forward and two
// backward. relu6 computes the same values, and its gradient the same mask (dy where 0 < x <= 6), in one
// pass each way. Where the backend runs relu6's gradient natively (onednn's CgesRelu6Grad), the layer runs
// relu6; elsewhere, and for any other maxValue, its own call.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { RELU6_GRAD } from '../backend/kernels/relu6_grad.js';
import { overrideLayerCall } from './layer_call_override.js';

overrideLayerCall(tfl.layers.reLU({}), (layer, input) =>
  layer.maxValue === 6 && tf.getKernel(RELU6_GRAD, tf.getBackend()) !== undefined ? tf.relu6(input) : null);
