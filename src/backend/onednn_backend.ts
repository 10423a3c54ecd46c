// The `onednn` TF.js backend: the cpu backend, with its hot kernels replaced by oneDNN primitives.
// It stores tensors exactly as the cpu backend does (typed arrays in `this.data`, large float32 ones
// 64-byte aligned), so every cpu kernel runs on it unchanged and the native kernels read and write
// those arrays without copies.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-cpu';
import type { backend_util } from '@tensorflow/tfjs-core';
import { alignedFloat32 } from './aligned_memory.js';
import { ChannelSums } from './channel_sums.js';
import { DeferredOutputs } from './deferred_outputs.js';
import { Float32Pool } from './float32_pool.js';
import { ONEDNN_KERNELS } from './kernels/index.js';
import { loadNativeAddon, type NativeAddon } from './native_addon.js';
import { installReluGradient } from './relu_gradient.js';
import { installMaskedGradients } from './masked_gradient.js';
import { installMomentsGradients } from './moments_gradients.js';
import { installBatchNormGradient } from './batch_norm_gradient.js';
import { installBatchNormTrainingGradient } from './batch_norm_training.js';

export const ONEDNN_BACKEND = 'onednn';

// What user code reading a tensor gets: float32 storage as a copy of its own. The in-place updates (native
// SGD, the prox, editVariables) write float32 storage, which must never reach an array a caller kept from
// dataSync() or data(); and aligned storage is a view into a larger buffer, which Tensor.bytes() would
// read whole.
function userCopy(values: backend_util.BackendValues): backend_util.BackendValues {
  return values instanceof Float32Array ? values.slice() : values;
}

export class OneDnnBackend extends MathBackendCPU {
  /** Where native kernels take their large outputs from (float32_pool.ts). */
  readonly float32Pool: Float32Pool;
  /** Native kernel outputs computed when first read (deferred_outputs.ts). */
  readonly deferredOutputs: DeferredOutputs;
  /** Per-channel sums kernels took of their outputs (channel_sums.ts). */
  readonly channelSums = new ChannelSums();

  constructor(readonly addon: NativeAddon) {
    super();
    this.float32Pool = new Float32Pool(addon);
    this.deferredOutputs = new DeferredOutputs(this, {
      take: (length) => {
        const values = this.float32Pool.take(length, false);
        this.float32Pool.hold(values);
        return values;
      },
      giveBack: (values) => this.float32Pool.release(values),
    });
  }

  // Every tensor's storage arrives here (cpu kernels' outputs, tf.tensor, initialisers, loaded weights):
  // large float32 arrays off a 64-byte boundary are copied once onto one, so the native kernels never
  // read misaligned operands. Native kernel outputs are allocated aligned and pass through uncopied.
  override write(values: backend_util.BackendValues, shape: number[], dtype: tf.DataType): tf.DataId {
    return super.write(this.stored(values, dtype), shape, dtype);
  }

  override move(dataId: tf.DataId, values: backend_util.BackendValues, shape: number[], dtype: tf.DataType,
    refCount: number): void {
    super.move(dataId, this.stored(values, dtype), shape, dtype, refCount);
  }

  override disposeData(dataId: tf.DataId, force = false): boolean {
    // DataStorage.get on an id this backend does not hold asks the engine to move it here, reading it
    // from the backend the engine says owns it. A kernel may return any data id and
    // engine.makeTensorFromDataId takes one: such an id is recorded as this backend's own but was never
    // stored, so that read came back here and recursed until the stack overflowed. Nothing stored,
    // nothing to free.
    if (!this.data.has(dataId)) return super.disposeData(dataId, force);
    // Reading a deferred output's values would compute it (or rethrow its failure): one going away unread
    // is cancelled instead.
    if (this.deferredOutputs.hasNoValues(dataId)) {
      if (!force && this.data.get(dataId).refCount > 1) return super.disposeData(dataId, force);
      this.deferredOutputs.cancel(dataId);
    }
    const values = this.data.get(dataId)?.values;
    const disposed = super.disposeData(dataId, force);
    if (disposed && values instanceof Float32Array) this.float32Pool.release(values);
    return disposed;
  }

  // The engine reads for user code (dataSync, data, arraySync, bytes) through these two: a copy.
  override readSync(dataId: tf.DataId): backend_util.BackendValues {
    return userCopy(super.readSync(dataId));
  }

  override async read(dataId: tf.DataId): Promise<backend_util.BackendValues> {
    return userCopy(await super.read(dataId));
  }

  // Kernels read through this one (the cpu backend's GatherNd, Reverse, Tile, StridedSlice, scatters...):
  // the stored array itself, as every other cpu kernel reads `data.get(dataId).values`. Through readSync
  // it cost a copy of the whole input, whatever the kernel then read of it.
  override bufferSync<R extends tf.Rank, D extends tf.DataType>(t: tf.TensorInfo): tf.TensorBuffer<R, D> {
    if (t.dtype === 'string' || t.dtype === 'complex64') return super.bufferSync<R, D>(t);
    const values = this.data.get(t.dataId).values as tf.DataTypeMap[D];
    return new tf.TensorBuffer<R, D>(t.shape as tf.ShapeMap[R], t.dtype as D, values);
  }

  /** What a new tensor stores: its values aligned, counted as held when they come from the pool. */
  private stored(values: backend_util.BackendValues, dtype: tf.DataType): backend_util.BackendValues {
    if (dtype !== 'float32' || !(values instanceof Float32Array)) return values;
    const aligned = alignedFloat32(this.addon, values);
    this.float32Pool.hold(aligned);
    return aligned;
  }
}

export interface OneDnnOptions {
  /** OpenMP threads for oneDNN; defaults to every core. */
  threads?: number;
}

let registered = false;

/**
 * Registers the backend (once) and returns true, or returns false when the addon is not available.
 * It does not make the backend current: call tf.setBackend('onednn') for that.
 */
export function registerOneDnnBackend(options: OneDnnOptions = {}): boolean {
  const addon = loadNativeAddon();
  if (addon === null) return false;
  if (options.threads !== undefined) addon.setThreads(options.threads);
  if (registered) return true;
  tf.registerBackend(ONEDNN_BACKEND, () => new OneDnnBackend(addon), 1);
  const overridden = new Set(ONEDNN_KERNELS.map((kernel) => kernel.kernelName));
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (!overridden.has(kernel.kernelName)) tf.registerKernel({ ...kernel, backendName: ONEDNN_BACKEND });
  }
  for (const kernel of ONEDNN_KERNELS) tf.registerKernel({ ...kernel, backendName: ONEDNN_BACKEND });
  installReluGradient(ONEDNN_BACKEND);
  installMaskedGradients(ONEDNN_BACKEND);
  installMomentsGradients(ONEDNN_BACKEND);
  installBatchNormGradient(ONEDNN_BACKEND);
  installBatchNormTrainingGradient();
  registered = true;
  return true;
}

/** The addon behind the current backend, for kernels; throws if the backend is not onednn. */
export function oneDnnAddon(backend: unknown): NativeAddon {
  if (!(backend instanceof OneDnnBackend)) throw new Error('cges: a onednn kernel ran on another backend');
  return backend.addon;
}
