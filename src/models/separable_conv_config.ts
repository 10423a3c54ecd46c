// TF.js 4.22's SeparableConv2D.getConfig leaves out depthMultiplier, so any model with a separable
// convolution of depth multiplier m > 1 saves a topology that rebuilds with m = 1 and then refuses its
// own weights. Keras and tensorflowjs_converter write the field, and TF.js's constructor reads it: only
// the way back is missing. Adding it to the config here makes saving, toJSON and every rebuild keep it.
import * as tfl from '@tensorflow/tfjs-layers';

const separable = tfl.layers.separableConv2d({ filters: 1, kernelSize: 1 });
const prototype: Pick<typeof separable, 'getConfig'> = Object.getPrototypeOf(separable);
const ownGetConfig = prototype.getConfig;

if (!('depthMultiplier' in ownGetConfig.call(separable))) {
  prototype.getConfig = function getConfig(this: typeof separable) {
    return { ...ownGetConfig.call(this), depthMultiplier: this.depthMultiplier };
  };
}
