// Which channel each feature of a tensor's last axis belongs to. Tensors are channels last (NHWC, or
// [steps, C], or [C]), so usually feature f is channel f. A Flatten of [H, W, C] gives [H*W*C] whose
// feature (h*W + w)*C + c is channel c: the C channels repeat along the axis. A Dense layer reading that
// tensor has one kernel row per feature, so removing channel c removes every row whose feature is c.
// Reshape is followed when every element the new last axis puts at feature f' comes from one channel.

export interface ChannelLayout {
  channels: number;
  /** Per feature of the last axis, its channel in [0, channels). */
  featureChannel: Int32Array;
}

export function identityLayout(channels: number): ChannelLayout {
  return { channels, featureChannel: Int32Array.from({ length: channels }, (_, c) => c) };
}

/** A layout whose features are the same channels throughout: true when two inputs may be joined. */
export function sameLayout(a: ChannelLayout, b: ChannelLayout): boolean {
  return a.channels === b.channels && a.featureChannel.length === b.featureChannel.length &&
    a.featureChannel.every((c, f) => c === b.featureChannel[f]);
}

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * The layout after a reshape (Flatten included) of a tensor of shape `from` (no batch axis) and layout
 * `layout` into shape `to`, or the reason it cannot be followed. In row-major order element e sits at
 * feature e mod L of the old last axis (length L) and at feature e mod L' of the new one.
 */
export function reshapeLayout(layout: ChannelLayout, from: number[], to: number[]): ChannelLayout | string {
  const size = product(from);
  if (from.some((d) => d < 0) || to.some((d) => d < 0)) return 'its shape is not fully known';
  if (size !== product(to) || size === 0) return `it reshapes [${from.join(', ')}] to [${to.join(', ')}]`;
  const oldLength = from[from.length - 1] ?? 1;
  const newLength = to[to.length - 1] ?? 1;
  const featureChannel = new Int32Array(newLength);
  for (let f = 0; f < newLength; f++) {
    const channel = layout.featureChannel[f % oldLength];
    for (let e = f + newLength; e < size; e += newLength) {
      if (layout.featureChannel[e % oldLength] !== channel) {
        return `its last axis mixes channels (feature ${f} holds channels ${channel} and ` +
          `${layout.featureChannel[e % oldLength]})`;
      }
    }
    featureChannel[f] = channel;
  }
  return { channels: layout.channels, featureChannel };
}

/** Concatenation along the last axis: the channels of each input in turn, numbered on. */
export function concatLayout(layouts: ChannelLayout[]): ChannelLayout {
  const featureChannel = new Int32Array(layouts.reduce((n, l) => n + l.featureChannel.length, 0));
  let feature = 0;
  let offset = 0;
  for (const layout of layouts) {
    for (const c of layout.featureChannel) featureChannel[feature++] = offset + c;
    offset += layout.channels;
  }
  return { channels: offset, featureChannel };
}
