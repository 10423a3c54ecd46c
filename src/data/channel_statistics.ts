// Per-channel mean and standard deviation of a split's values, for input normalisation. Images are
// [N, H, W, C] channels last, so value i belongs to channel i mod C (flat features: one channel per feature
// when C is their count). Sums are taken in float64: over a whole training split float32 would drift.
import { CgesError } from '../util/errors.js';

export interface ChannelStatistics {
  mean: number[];
  /** Population standard deviation (divided by the count, not count - 1). */
  std: number[];
}

export function channelStatistics(values: Float32Array, channels: number): ChannelStatistics {
  if (!Number.isSafeInteger(channels) || channels < 1 || values.length === 0 || values.length % channels !== 0) {
    throw new CgesError(`channel statistics need a whole number of ${channels}-channel values, got ${values.length}`);
  }
  const count = values.length / channels;
  const sums = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) sums[i % channels] += values[i];
  const mean = Array.from(sums, (sum) => sum / count);
  // Two passes: the centred sum of squares does not cancel the way E[x^2] - E[x]^2 does.
  const squares = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean[i % channels];
    squares[i % channels] += d * d;
  }
  return { mean, std: Array.from(squares, (sum) => Math.sqrt(sum / count)) };
}
