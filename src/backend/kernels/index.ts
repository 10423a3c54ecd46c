// Every kernel the onednn backend overrides; each lives in its own file named after the TF.js kernel.
// Add one line per kernel.
import type { KernelConfig } from '@tensorflow/tfjs-core';

export const ONEDNN_KERNELS: KernelConfig[] = [
];
