// The weights of a family's units, read and edited in place: their group norms, the unit-group prox, and
// zeroing removed units. A chain's family is a coupling's two kernel matrices (the prox's
// unit_group_prox.ts form); a graph family's units are lists of flat indices into the variables their
// channel set runs through. A frozen layer's part of a unit is neither in its norm nor shrunk by the prox;
// zeroing a removed unit clears it too, which changes no output since nothing reads the unit any more.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { editVariables } from '../backend/host_values.js';
import { pressedUnitScales, referenceNorm, unitGroupProxInPlace, unitScales, unitSquaredNorms } from '../prox/index.js';
import type { ChainFamily, GraphFamily, InputFamily, UnitFamily, UnitPart } from '../structure/unit_families.js';
import { couplingMatrices, type UnitCoupling } from '../structure/unit_groups.js';
import { biasOf } from '../structure/weight_axes.js';
import { inBox, keptBox } from './crop_lines.js';

export function variableOf(weight: tfl.LayerVariable): tf.Variable {
  const value = weight.read();
  if (!(value instanceof tf.Variable)) throw new Error(`cges: weight ${weight.name} is not a variable`);
  return value;
}

/** The distinct variables of some unit parts, and each part's index among them. */
function partVariables(parts: UnitPart[][]): { variables: tfl.LayerVariable[]; index: Map<UnitPart, number> } {
  const variables: tfl.LayerVariable[] = [];
  const index = new Map<UnitPart, number>();
  for (const part of parts.flat()) {
    let i = variables.indexOf(part.variable);
    if (i < 0) i = variables.push(part.variable) - 1;
    index.set(part, i);
  }
  return { variables, index };
}

/** A family's trainable parts and their variables: the prox runs every step, so they are found once per family. */
interface TrainablePlan {
  parts: UnitPart[][];
  variables: tfl.LayerVariable[];
  index: Map<UnitPart, number>;
}

const plans = new WeakMap<GraphFamily | InputFamily, TrainablePlan>();

function trainablePlan(family: GraphFamily | InputFamily): TrainablePlan {
  let plan = plans.get(family);
  if (plan === undefined) {
    const parts = family.parts.map((unitParts) => unitParts.filter((p) => p.trainable));
    plan = { parts, ...partVariables(parts) };
    plans.set(family, plan);
  }
  return plan;
}

/**
 * ||g_u||^2 of each unit over the trainable parts, from the variables' values; an input feature's times
 * its scale squared (InputFamily.scales).
 */
function indexedSquaredNorms(
  family: GraphFamily | InputFamily, parts: UnitPart[][], values: (part: UnitPart) => Float32Array,
): Float64Array {
  const scales = family.kind === 'inputs' ? family.scales : undefined;
  return Float64Array.from(parts, (unitParts, u) => {
    let sum = 0;
    for (const part of unitParts) {
      const array = values(part);
      for (const offset of part.offsets) sum += array[offset] * array[offset];
    }
    return scales === undefined ? sum : sum * scales[u] * scales[u];
  });
}

/** ||g_u||^2 of every unit of the family, in float64. */
export function familySquaredNorms(family: UnitFamily): Float64Array {
  if (family.kind === 'chain') return unitSquaredNorms(couplingMatrices(family.coupling));
  const { parts, variables, index } = trainablePlan(family);
  const arrays = variables.map((variable) => variable.read().dataSync<'float32'>());
  return indexedSquaredNorms(family, parts, (part) => arrays[index.get(part) ?? 0]);
}

function chainProx({ coupling }: ChainFamily, threshold: number, keep?: number): void {
  const variables = [variableOf(coupling.producerKernel), variableOf(coupling.consumerKernel)];
  editVariables(variables, ([wIn, wOut]) => {
    unitGroupProxInPlace({ wIn, wOut, units: coupling.units, colsOut: coupling.colsOut }, threshold, keep);
  });
}

/** Edits the variables of some parts (partVariables) in place, each part seeing its variable's values. */
function editParts(
  { variables, index }: Pick<TrainablePlan, 'variables' | 'index'>, edit: (values: (part: UnitPart) => Float32Array) => void,
): void {
  if (variables.length === 0) return;
  editVariables(variables.map(variableOf), (arrays) => edit((part) => arrays[index.get(part) ?? 0]));
}

/**
 * The norm the reweighting is about with `keep` units kept: the strongest pressed unit's (for an image's
 * pixels, the strongest live pixel outside the kept box), 0 when none is pressed.
 */
export function pressReference(family: UnitFamily, norms: Float64Array, keep: number): number {
  const image = family.kind === 'inputs' ? family.image : undefined;
  if (image === undefined) return referenceNorm(norms, keep);
  const box = keptBox(image, norms, keep);
  return norms.reduce((most, norm, p) => (inBox(box, image[1], p) ? most : Math.max(most, norm)), 0);
}

/**
 * The scales of the family's units: reweighted about the `keep` strongest live units, or for an image's
 * pixels about those outside the box the `keep` kept pixels leave (crop_lines.ts): the prox presses the
 * border lines the target cuts, not pixels inside the crop, whose removal would save nothing.
 */
function familyScales(family: GraphFamily | InputFamily, norms: Float64Array, threshold: number, keep?: number): Float64Array {
  const image = family.kind === 'inputs' ? family.image : undefined;
  if (image === undefined || keep === undefined) return unitScales(norms, threshold, keep);
  const box = keptBox(image, norms, keep);
  return pressedUnitScales(norms, threshold, (p) => !inBox(box, image[1], p));
}

/**
 * The unit-group prox on a family: each unit's trainable weights scaled by max(0, 1 - t_u / ||g_u||),
 * reweighted about the `keep` strongest live units when given (unit_group_prox.ts; an image's pixels
 * about its crop, familyScales).
 */
export function familyProx(family: UnitFamily, threshold: number, keep?: number): void {
  if (family.kind === 'chain') {
    chainProx(family, threshold, keep);
    return;
  }
  const plan = trainablePlan(family);
  const { parts } = plan;
  editParts(plan, (values) => {
    const scales = familyScales(family, indexedSquaredNorms(family, parts, values).map(Math.sqrt), threshold, keep);
    parts.forEach((unitParts, u) => {
      const scale = scales[u];
      if (scale === 1) return;
      for (const part of unitParts) {
        const array = values(part);
        for (const offset of part.offsets) array[offset] *= scale;
      }
    });
  });
}

/** Zeroes units `dead` of a chain's coupling: the producer's columns and biases, the consumer's rows. */
export function zeroUnits(coupling: UnitCoupling, dead: readonly number[]): void {
  const bias = biasOf(coupling.producer);
  const variables = [coupling.producerKernel, coupling.consumerKernel, ...(bias === undefined ? [] : [bias])];
  editVariables(variables.map(variableOf), ([wIn, wOut, b]) => {
    const { units, colsOut } = coupling;
    for (const u of dead) {
      for (let i = u; i < wIn.length; i += units) wIn[i] = 0;
      for (let row = u; row * colsOut < wOut.length; row += units) wOut.fill(0, row * colsOut, (row + 1) * colsOut);
      if (b !== undefined) b[u] = 0;
    }
  });
}

/** Zeroes units `dead` of a family: every weight of their groups and their makers' biases. */
export function zeroFamilyUnits(family: UnitFamily, dead: readonly number[]): void {
  if (dead.length === 0) return;
  if (family.kind === 'chain') {
    zeroUnits(family.coupling, dead);
    return;
  }
  const parts = dead.map((u) => [...family.parts[u], ...family.biases[u]]);
  editParts(partVariables(parts), (values) => {
    for (const part of parts.flat()) {
      const array = values(part);
      for (const offset of part.offsets) array[offset] = 0;
    }
  });
}
