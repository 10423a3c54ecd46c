// TF.js Exp on float32 through a native loop: out = e^x. x, out: any shape, same shape. Log-softmax and its
// gradient take it. Other dtypes run the cpu kernel.
import { Exp } from '@tensorflow/tfjs-core';
import { float32UnaryConfig } from './float32_unary.js';

export const expConfig = float32UnaryConfig(Exp, (addon, x, out) => addon.exp(x, out));
