// The weights of each stage as plain arrays, in the matrix view compaction works on:
// kernel [rows, cols] with rows = positions * channels (input channel fastest) and cols = output units.
// `channels` is the number of input channels the rows cycle through: a conv's input channels, the units
// or filters of the linked stage before a dense layer (through a flatten), or else every row by itself.
import type { Chain } from './chain.js';
import type { WeightData } from './layer_slicers.js';

export interface StageWeights {
  kernel: Float32Array;
  kernelShape: number[];
  rows: number;
  cols: number;
  channels: number;
  /** float64, so that constants folded in accumulate without float32 drift; zeros when the layer has none. */
  bias: Float64Array;
  hasBias: boolean;
  activation: unknown;
}

function findWeight(stage: Chain['stages'][number], suffix: string): WeightData | undefined {
  const weight = stage.layer.weights.find((w) => w.originalName.endsWith(suffix));
  if (weight === undefined) return undefined;
  const values = weight.read().dataSync();
  if (!(values instanceof Float32Array)) throw new Error(`weight ${weight.originalName} is not float32`);
  return { values, shape: weight.shape.map((d) => d ?? 0) };
}

export function readStageWeights(chain: Chain): StageWeights[] {
  const result: StageWeights[] = [];
  chain.stages.forEach((stage, i) => {
    const kernelData = findWeight(stage, '/kernel');
    if (kernelData === undefined) throw new Error(`layer ${stage.layer.name} has no kernel`);
    const { values: kernel, shape: kernelShape } = kernelData;
    const cols = stage.slicer.outSize(kernelShape);
    const rows = kernel.length / cols;
    const linkedBefore = i > 0 && chain.links[i - 1] !== undefined;
    const channels = stage.slicer.ownInChannels(kernelShape) ?? (linkedBefore ? result[i - 1].cols : rows);
    if (linkedBefore && (channels !== result[i - 1].cols || rows % channels !== 0)) {
      const inputs = result[i - 1].cols;
      throw new Error(`layer ${stage.layer.name}: ${rows} kernel rows do not match ${inputs} input channels`);
    }
    const bias = findWeight(stage, '/bias');
    result.push({
      kernel, kernelShape, rows, cols, channels,
      bias: bias === undefined ? new Float64Array(cols) : Float64Array.from(bias.values),
      hasBias: bias !== undefined,
      activation: stage.layer.getConfig().activation,
    });
  });
  return result;
}
