// TF.js Floor on float32 through a native loop: out = floor(x). Dropout builds its mask with it at every
// training step (the cpu kernel's JavaScript loop took 0.28 ms on seed-mnist's [100, 1024]; this, 0.02).
// x, out: any shape, same shape. Other dtypes run the cpu kernel.
import { Floor } from '@tensorflow/tfjs-core';
import { float32UnaryConfig } from './float32_unary.js';

export const floorConfig = float32UnaryConfig(Floor, (addon, x, out) => addon.floor(x, out));
