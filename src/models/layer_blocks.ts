// The conv-BatchNorm-activation pieces the residual, inverted-residual and VGG networks are made of, built
// as a Keras model converted by tensorflowjs_converter builds them: a conv before a BatchNorm has no bias,
// and ReLU6 is a ReLU layer with maxValue 6. Every layer gets a name from its role and a running count, so
// two builds of a network have the same layer names, and every kernel a seeded He-normal initialiser.
import * as tfl from '@tensorflow/tfjs-layers';
import { layerSeed, type BuildOptions } from './build_options.js';

export type Tensor = tfl.SymbolicTensor;

function symbolic(output: ReturnType<tfl.layers.Layer['apply']>): Tensor {
  if (!(output instanceof tfl.SymbolicTensor)) throw new Error('cges: a layer applied to one input gave several outputs');
  return output;
}

const channels = (x: Tensor): number => x.shape[x.shape.length - 1] ?? 0;

export class LayerBlocks {
  private readonly counts = new Map<string, number>();
  private kernels = 0;

  constructor(private readonly options: BuildOptions) {}

  /** "<role><n>": conv1, conv2, bn1, ... in the order the layers are made. */
  private name(role: string): string {
    const n = (this.counts.get(role) ?? 0) + 1;
    this.counts.set(role, n);
    return `${role}${n}`;
  }

  private init(): ReturnType<typeof tfl.initializers.heNormal> {
    return tfl.initializers.heNormal({ seed: layerSeed(this.options, this.kernels++) });
  }

  /** A SAME-padded convolution without bias (a BatchNorm follows it). */
  conv(x: Tensor, filters: number, kernelSize: number, strides = 1): Tensor {
    return symbolic(tfl.layers.conv2d({
      name: this.name('conv'), filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: this.init(),
    }).apply(x));
  }

  /** A SAME-padded 3x3 depthwise convolution without bias. */
  depthwise(x: Tensor, strides: number): Tensor {
    return symbolic(tfl.layers.depthwiseConv2d({
      name: this.name('depthwise'), kernelSize: 3, strides, padding: 'same', useBias: false, depthwiseInitializer: this.init(),
    }).apply(x));
  }

  /**
   * Moving statistics with momentum 0.9 (PyTorch's 0.1, as the bench's twins): at Keras's 0.99 they still
   * hold much of their start (mean 0, variance 1) after a few hundred steps, and a short run tests badly.
   */
  bn(x: Tensor): Tensor {
    return symbolic(tfl.layers.batchNormalization({ name: this.name('bn'), momentum: 0.9 }).apply(x));
  }

  /** ReLU, or ReLU6 with maxValue 6. */
  relu(x: Tensor, maxValue?: number): Tensor {
    const name = this.name(maxValue === undefined ? 'relu' : 'relu_max');
    return symbolic(tfl.layers.reLU(maxValue === undefined ? { name } : { name, maxValue }).apply(x));
  }

  /** conv, BatchNorm, then ReLU (or ReLU6 with maxValue 6). */
  convBnRelu(x: Tensor, filters: number, kernelSize: number, strides = 1, maxValue?: number): Tensor {
    return this.relu(this.bn(this.conv(x, filters, kernelSize, strides)), maxValue);
  }

  add(a: Tensor, b: Tensor): Tensor {
    return symbolic(tfl.layers.add({ name: this.name('add') }).apply([a, b]));
  }

  maxPool(x: Tensor): Tensor {
    return symbolic(tfl.layers.maxPooling2d({ name: this.name('pool'), poolSize: 2, strides: 2 }).apply(x));
  }

  flatten(x: Tensor): Tensor {
    return symbolic(tfl.layers.flatten({ name: this.name('flatten') }).apply(x));
  }

  globalAveragePool(x: Tensor): Tensor {
    return symbolic(tfl.layers.globalAveragePooling2d({ name: this.name('gap') }).apply(x));
  }

  dropout(x: Tensor, rate: number): Tensor {
    // No seed: the trainer reseeds dropout before each step (src/train/dropout_seeds.ts).
    return symbolic(tfl.layers.dropout({ name: this.name('dropout'), rate }).apply(x));
  }

  dense(x: Tensor, units: number, useBias = true): Tensor {
    return symbolic(tfl.layers.dense({ name: this.name('dense'), units, useBias, kernelInitializer: this.init() }).apply(x));
  }

  /** A basic residual block; a strided or widening one projects its shortcut with a 1x1 conv and BN. */
  residual(x: Tensor, filters: number, strides: number): Tensor {
    const y = this.bn(this.conv(this.convBnRelu(x, filters, 3, strides), filters, 3));
    const shortcut = strides === 1 && channels(x) === filters ? x : this.bn(this.conv(x, filters, 1, strides));
    return this.relu(this.add(y, shortcut));
  }

  /**
   * MobileNetV2's inverted residual: 1x1 expansion by `expand`, BN, ReLU6, depthwise 3x3 at `strides`, BN,
   * ReLU6, 1x1 projection, BN, and the residual add when the shapes allow.
   */
  invertedResidual(x: Tensor, expand: number, filters: number, strides: number): Tensor {
    const inChannels = channels(x);
    const expanded = this.convBnRelu(x, inChannels * expand, 1, 1, 6);
    const y = this.bn(this.conv(this.relu(this.bn(this.depthwise(expanded, strides)), 6), filters, 1));
    return strides === 1 && inChannels === filters ? this.add(y, x) : y;
  }
}
