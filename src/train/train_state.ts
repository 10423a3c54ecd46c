// Everything a training run's future depends on, in one place, so that a run can be checkpointed and
// resumed exactly: model weights, optimiser state, the step (which is also the learning-rate schedule's
// whole position), the batch sampler's position and RNG, and the dropout RNG.
// snapshot() copies it into plain arrays; restore() puts a snapshot back into a freshly built state
// (whose model snapshotModel() builds: after a shrink, the smaller one).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';
import type { SamplerState } from './batches.js';
import type { BatchSource } from './batch_stream.js';
import { learningRate, type LrSchedule } from './lr_schedule.js';
import type { OptimizerName, ScheduledOptimizer } from './optimizers.js';
import type { Rng, RngState } from './rng.js';
import type { ControlState } from './structure_control.js';

export interface SavedTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

export interface TrainStateSnapshot {
  step: number;
  schedule: LrSchedule;
  optimizer: { name: OptimizerName; weights: SavedTensor[] };
  weights: SavedTensor[];
  sampler: SamplerState;
  dropoutRng: RngState;
  /** Masks, cost-target controller and phase (structure_control.ts), when the run has them. */
  control?: ControlState;
  /**
   * The model's Keras-style topology, once a shrink (shrink.ts) has made it differ from the one the run
   * was built with: a resumed run rebuilds this model (tfl.models.modelFromJSON) before restoring.
   */
  topology?: object;
  /** Seconds spent in training steps up to `step` (absent in checkpoints from before it was kept). */
  trainSeconds?: number;
}

async function saveTensor(name: string, tensor: tf.Tensor): Promise<SavedTensor> {
  const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
  const data = await tensor.data();
  const values = dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data);
  return { name, shape: [...tensor.shape], dtype, values };
}

function modelTopology(model: tfl.LayersModel): object {
  const topology = model.toJSON(null, false);
  if (typeof topology === 'string') throw new Error('cges: model.toJSON returned a string');
  return topology;
}

/** The model a snapshot's weights belong to: its saved topology after a shrink, else `build()`. */
export async function snapshotModel(snapshot: TrainStateSnapshot, build: () => tfl.LayersModel): Promise<tfl.LayersModel> {
  if (snapshot.topology === undefined) return build();
  const config = { modelTopology: snapshot.topology } as Parameters<typeof tfl.models.modelFromJSON>[0];
  try {
    return await tfl.models.modelFromJSON(config);
  } catch (error) {
    throw new CgesError(`the snapshot's model topology cannot be built: ${(error as Error).message}`);
  }
}

export class TrainState {
  /** Training steps done; step s trains at learningRate(schedule, s). */
  step = 0;
  /** A copy: restore() may change it without touching the caller's object. */
  readonly schedule: LrSchedule;
  /** The structure control's state as of the last step (kept current by the trainer). */
  control: ControlState | undefined;
  /** Seconds spent in training steps up to `step`, over every attempt of a resumed run. */
  trainSeconds = 0;
  /** Whether a shrink replaced the model the state was made with. */
  private shrunk = false;

  constructor(
    private currentModel: tfl.LayersModel,
    private currentOptimizer: ScheduledOptimizer,
    readonly optimizerName: OptimizerName,
    schedule: LrSchedule,
    readonly sampler: BatchSource,
    readonly dropoutRng: Rng,
  ) {
    this.schedule = { ...schedule };
  }

  get model(): tfl.LayersModel {
    return this.currentModel;
  }

  get optimizer(): ScheduledOptimizer {
    return this.currentOptimizer;
  }

  /** Goes on with a smaller model equal to the current one, and the optimiser holding its slots (shrink.ts). */
  replaceModel(model: tfl.LayersModel, optimizer: ScheduledOptimizer): void {
    this.currentModel = model;
    this.currentOptimizer = optimizer;
    this.shrunk = true;
  }

  /** eta of the next step. */
  learningRate(): number {
    return learningRate(this.schedule, this.step);
  }

  async snapshot(): Promise<TrainStateSnapshot> {
    const weights = await Promise.all(this.model.weights.map((weight) => saveTensor(weight.name, weight.read())));
    const optimizerWeights = await this.optimizer.getWeights();
    const savedOptimizer = await Promise.all(optimizerWeights.map(({ name, tensor }) => saveTensor(name, tensor)));
    // getWeights() returns the live slot variables plus a fresh iteration-count scalar: free only the latter.
    tf.dispose(optimizerWeights.map(({ tensor }) => tensor).filter((tensor) => !(tensor instanceof tf.Variable)));
    return {
      step: this.step,
      schedule: { ...this.schedule },
      optimizer: { name: this.optimizerName, weights: savedOptimizer },
      weights,
      sampler: this.sampler.getState(),
      dropoutRng: this.dropoutRng.getState(),
      ...(this.control === undefined ? {} : { control: structuredClone(this.control) }),
      ...(this.shrunk ? { topology: modelTopology(this.model) } : {}),
      trainSeconds: this.trainSeconds,
    };
  }

  /** Puts a snapshot back. Only a state that has not trained yet can take one (its optimiser is empty). */
  async restore(snapshot: TrainStateSnapshot): Promise<void> {
    if (this.step !== 0) throw new CgesError('a snapshot can only be restored into a state that has not trained');
    if (snapshot.optimizer.name !== this.optimizerName) {
      throw new CgesError(`snapshot was taken with optimizer ${snapshot.optimizer.name}, not ${this.optimizerName}`);
    }
    const weights = this.model.weights;
    if (snapshot.weights.length !== weights.length ||
      snapshot.weights.some((saved, i) => saved.shape.join() !== weights[i].read().shape.join())) {
      throw new CgesError(`snapshot weights do not match model "${this.model.name}"`);
    }
    const toTensor = (saved: SavedTensor) => tf.tensor(saved.values, saved.shape, saved.dtype);
    const modelTensors = snapshot.weights.map(toTensor);
    this.model.setWeights(modelTensors);
    const optimizerTensors = snapshot.optimizer.weights.map((saved) => ({ name: saved.name, tensor: toTensor(saved) }));
    await this.optimizer.setWeights(optimizerTensors);
    tf.dispose([...modelTensors, ...optimizerTensors.map(({ tensor }) => tensor)]);
    this.sampler.setState(snapshot.sampler);
    this.dropoutRng.setState(snapshot.dropoutRng);
    this.step = snapshot.step;
    Object.assign(this.schedule, snapshot.schedule);
    this.control = snapshot.control === undefined ? undefined : structuredClone(snapshot.control);
    this.shrunk = snapshot.topology !== undefined;
    this.trainSeconds = snapshot.trainSeconds ?? 0;
  }
}
