// The units compaction can remove, as groups of weights: unit u of stage i is its incoming column u of
// stage i's kernel and its outgoing rows p*units + u of stage i+1's kernel (dead_units.ts removes a unit
// once either side is all zero). Only stages linked to the next one have such groups; the last stage's
// units are the model's outputs and stay. Each coupling also says what removing one of its units saves
// (multiply-accumulates and parameters per example), which a cost target weighs the groups by.
import type * as tfl from '@tensorflow/tfjs-layers';
import { kernelVariable } from '../models/kernels.js';
import { outputPositions } from '../models/macs.js';
import type { UnitGroupMatrices } from '../prox/unit_group_prox.js';
import { analyseChain } from './chain.js';
import { biasOf } from './weight_axes.js';

export interface UnitCoupling {
  /** The layer whose units these are, and the next weighted layer, which reads them. */
  producer: tfl.layers.Layer;
  consumer: tfl.layers.Layer;
  producerKernel: tfl.LayerVariable;
  consumerKernel: tfl.LayerVariable;
  /** The producer's units (its kernel's last axis). */
  units: number;
  /** Columns of the consumer's kernel. */
  colsOut: number;
  /** Weights in one unit's group: its column of the producer plus its rows of the consumer. */
  groupSize: number;
  /** MACs per example one unit costs: its column at every producer output position plus its rows. */
  macsPerUnit: number;
  /** Parameters one unit holds: its column, its bias, its rows of the consumer. */
  paramsPerUnit: number;
}

const product = (shape: readonly (number | null)[]): number => shape.reduce<number>((a, b) => a * (b ?? 0), 1);

export function unitCouplings(model: tfl.LayersModel): UnitCoupling[] {
  const chain = analyseChain(model);
  const couplings: UnitCoupling[] = [];
  chain.links.forEach((link, i) => {
    if (link === undefined) return;
    const producer = chain.stages[i].layer;
    const consumer = chain.stages[i + 1].layer;
    const producerKernel = kernelVariable(producer);
    const consumerKernel = kernelVariable(consumer);
    const units = producerKernel.shape[producerKernel.shape.length - 1] ?? 0;
    const colsOut = consumerKernel.shape[consumerKernel.shape.length - 1] ?? 0;
    const rowsIn = product(producerKernel.shape) / units;
    const rowsOut = product(consumerKernel.shape) / colsOut;
    if (units === 0 || rowsOut % units !== 0) return; // not channel-aligned: no removable units
    const positions = rowsOut / units;
    const hasBias = biasOf(producer) !== undefined;
    couplings.push({
      producer, consumer, producerKernel, consumerKernel, units, colsOut,
      groupSize: rowsIn + positions * colsOut,
      macsPerUnit: rowsIn * outputPositions(producer) + positions * colsOut * outputPositions(consumer),
      paramsPerUnit: rowsIn + (hasBias ? 1 : 0) + positions * colsOut,
    });
  });
  return couplings;
}

/** The coupling's two kernels as the unit-group matrices of src/prox, read as copies. */
export function couplingMatrices(coupling: UnitCoupling): UnitGroupMatrices {
  return {
    wIn: coupling.producerKernel.read().dataSync<'float32'>(),
    wOut: coupling.consumerKernel.read().dataSync<'float32'>(),
    units: coupling.units,
    colsOut: coupling.colsOut,
  };
}
