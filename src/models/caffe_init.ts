// Caffe's "xavier" filler, used by its LeNet examples: uniform in +-sqrt(3 / fan_in), i.e. variance
// 1 / fan_in. Biases start at 0 (Caffe's default constant filler).
import * as tfl from '@tensorflow/tfjs-layers';

export function caffeXavier(seed: number | undefined): ReturnType<typeof tfl.initializers.varianceScaling> {
  return tfl.initializers.varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'uniform', seed });
}
