// TF.js Square on float32 through a native loop: out = x * x. Batch normalisation in training squares the
// deviation of every activation from its batch mean (tf.moments).
import { Square } from '@tensorflow/tfjs-core';
import { float32UnaryConfig } from './float32_unary.js';

export const squareConfig = float32UnaryConfig(Square, (addon, x, out) => addon.square(x, out));
