// TF.js Neg on float32 through a native loop: out = -x, signed zeros and NaN kept. x, out: any shape, same
// shape. Softmax cross-entropy negates its per-class terms with it. Other dtypes run the cpu kernel.
import { Neg } from '@tensorflow/tfjs-core';
import { float32UnaryConfig } from './float32_unary.js';

export const negConfig = float32UnaryConfig(Neg, (addon, x, out) => addon.neg(x, out));
