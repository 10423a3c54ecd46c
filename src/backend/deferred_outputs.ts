// Native kernel outputs computed when something first reads them, so that a result TF.js computes and
// then drops costs nothing. tf.fused.conv2d's gradient (tfjs-layers' Conv2D whenever its activation is
// linear, e.g. before a BatchNormalization) computes the gradient for its input eagerly, even in a
// network's first layer, whose input is the data: in lenet5 that unused gradient was a fifth of a step.
//
// The output's storage record gets a `values` getter that runs the kernel. Until then the record holds
// its inputs (one more backend reference each), so they outlive their tensors and stay unchanged: the
// in-place updates (native SGD and prox) only write storage no other holder shares. Disposed unread, the
// output lets its inputs go and nothing is computed. A computation that throws leaves no values: every
// later read throws its error again, never handing out the storage it was to fill.
import { engine, type DataId, type TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/**
 * What a kernel reading a pending output may do instead of reading it, named by its kind
 * (kernels/forward_epilogue.ts, kernels/max_pool_grad.ts).
 */
export interface Recipe {
  kind: string;
}

interface Pending {
  kernel: string;
  inputs: TensorInfo[];
  length: number;
  compute(out: Float32Array): void;
  recipe: Recipe | undefined;
}

/** One deferred output computed, for a profiler: its kernel, input shapes and milliseconds. */
export interface SettledOutput {
  kernel: string;
  inputShapes: number[][];
  ms: number;
}

/** Where outputs' storage comes from: `take` gives it already counted as held, `giveBack` undoes that. */
export interface OutputStorage {
  take(length: number): Float32Array;
  giveBack(values: Float32Array): void;
}

export class DeferredOutputs {
  private readonly pending = new Map<DataId, Pending>();
  /** Outputs whose computation threw, with its error. */
  private readonly failed = new Map<DataId, unknown>();
  /** Told of each output computed (the bench's per-op profile times them inside their readers). */
  observer: ((settled: SettledOutput) => void) | undefined;

  constructor(private readonly backend: MathBackendCPU, private readonly storage: OutputStorage) {}

  /** A float32 tensor of `shape` whose values `compute` writes (all of them) when first read. */
  defer(kernel: string, shape: number[], inputs: TensorInfo[], compute: (out: Float32Array) => void,
    recipe?: Recipe): TensorInfo {
    const info = this.backend.makeTensorInfo(shape, 'float32');
    for (const input of inputs) this.backend.incRef(input.dataId);
    const length = shape.reduce((size, dim) => size * dim, 1);
    this.pending.set(info.dataId, { kernel, inputs, length, compute, recipe });
    Object.defineProperty(this.backend.data.get(info.dataId), 'values', {
      get: () => this.settle(info.dataId), configurable: true, enumerable: true,
    });
    return info;
  }

  /** True while reading the output's values would compute it (pending) or rethrow (failed). */
  hasNoValues(dataId: DataId): boolean {
    return this.pending.has(dataId) || this.failed.has(dataId);
  }

  /** The recipe of that kind a pending output was deferred with; undefined once it is computed. */
  recipeOf<R extends Recipe>(dataId: DataId, kind: R['kind']): R | undefined {
    const recipe = this.pending.get(dataId)?.recipe;
    return recipe?.kind === kind ? recipe as R : undefined;
  }

  /** The output goes away unread (or failed): nothing is computed, and its inputs are let go. */
  cancel(dataId: DataId): void {
    if (this.failed.delete(dataId)) this.setValues(dataId, undefined);
    const pending = this.pending.get(dataId);
    if (pending === undefined) return;
    this.pending.delete(dataId);
    this.setValues(dataId, undefined);
    this.release(pending);
  }

  private settle(dataId: DataId): Float32Array {
    const pending = this.pending.get(dataId);
    if (pending === undefined) throw new Error('cges: a deferred kernel output was read after it was settled');
    this.pending.delete(dataId);
    const out = this.storage.take(pending.length);
    const start = performance.now();
    try {
      pending.compute(out);
    } catch (error) {
      this.storage.giveBack(out);
      this.failed.set(dataId, error);
      Object.defineProperty(this.backend.data.get(dataId), 'values', {
        get: () => { throw error; }, configurable: true, enumerable: true,
      });
      throw error;
    } finally {
      this.release(pending);
    }
    this.setValues(dataId, out);
    this.observer?.({ kernel: pending.kernel, inputShapes: pending.inputs.map((input) => input.shape),
      ms: performance.now() - start });
    return out;
  }

  private setValues(dataId: DataId, values: Float32Array | undefined): void {
    Object.defineProperty(this.backend.data.get(dataId), 'values', {
      value: values, writable: true, configurable: true, enumerable: true,
    });
  }

  // The engine forgets a data id only when the backend frees it on the engine's own dispose; an input
  // whose tensor was disposed while held is freed here, so the engine is told.
  private release(pending: Pending): void {
    for (const { dataId } of pending.inputs) {
      if (this.backend.disposeData(dataId)) engine().removeDataId(dataId, this.backend);
    }
  }
}
