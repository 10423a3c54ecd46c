// TF.js Log on float32 through a native loop: out = ln(x), -Infinity at 0, NaN below. x, out: any shape,
// same shape. Log-sum-exp takes it. Other dtypes run the cpu kernel.
import { Log } from '@tensorflow/tfjs-core';
import { float32UnaryConfig } from './float32_unary.js';

export const logConfig = float32UnaryConfig(Log, (addon, x, out) => addon.log(x, out));
