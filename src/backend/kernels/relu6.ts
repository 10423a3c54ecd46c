// TF.js Relu6 on float32 through a native loop: out = min(max(x, 0), 6), NaN kept. x, out: any shape, same
// shape. MobileNet-style blocks run it after every expansion and depthwise convolution.
import { Relu6 } from '@tensorflow/tfjs-core';
import { float32UnaryConfig } from './float32_unary.js';

export const relu6Config = float32UnaryConfig(Relu6, (addon, x, out) => addon.relu6(x, out));
