// The human-readable log lines of a training run, after the original code's prints:
//   step 100, lr 0.05, training accuracy 0.93, loss 0.2213, zeros conv1 0.012 conv2 0.301 ..., using param 0.2101
//   step 1000: test accuracy 0.9812, FLOP 0.3345 (original formula), MACs 0.2874 of dense (3.05M / 10.6M)
import type { ForcedRemoval } from '../train/structure_control.js';
import type { DisplayEvent, ShrinkEvent, TestEvent } from '../train/trainer.js';
import type { TrainSummary } from './train.js';

function millions(count: number): string {
  return `${(count / 1e6).toFixed(2)}M`;
}

export function displayLine(event: DisplayEvent): string {
  const zeros = event.layers.map((layer) => `${layer.name} ${layer.sparsity.toFixed(3)}`).join(' ');
  return `step ${event.step}, lr ${event.lr.toPrecision(4)}, training accuracy ${event.trainAccuracy.toFixed(2)}, ` +
    `loss ${event.loss.toFixed(4)}, zeros ${zeros}, using param ${event.usingParam.toFixed(4)}`;
}

export function testLine(event: TestEvent): string {
  const { macs } = event;
  const accuracies = [
    event.testAccuracy === null ? '' : `test accuracy ${event.testAccuracy.toFixed(4)}, `,
    event.valAccuracy === null ? '' : `validation accuracy ${event.valAccuracy.toFixed(4)}, `,
  ].join('');
  return `step ${event.step}: ${accuracies}` +
    `FLOP ${event.flopOriginal.toFixed(4)} (original formula), ` +
    `MACs ${macs.fraction.toFixed(4)} of dense (${millions(macs.nonzero)} / ${millions(macs.dense)}), ` +
    `compacted MACs ${event.compacted.macsFraction.toFixed(4)} params ${event.compacted.paramsFraction.toFixed(4)}` +
    (event.phase === 'finetune' ? ', fine-tuning' : event.strength === 1 ? '' : `, strength ${event.strength.toPrecision(3)}`);
}

const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;

export function shrinkLine(event: ShrinkEvent): string {
  return `step ${event.step}: training on the compacted model from here, ${percent(event.macsFraction)} of the dense MACs, ` +
    `${percent(event.paramsFraction)} of the parameters (logits equal: max difference ${event.maxAbsLogitDiff.toExponential(2)}, ` +
    `max |logit| ${event.logitScale.toPrecision(3)})`;
}

const steps = (removals: ForcedRemoval[]) => {
  const first = removals[0].step;
  const last = removals[removals.length - 1].step;
  return first === last ? `step ${first}` : `steps ${first} to ${last}`;
};

/** Which units forced removal took, when: to keep to the plan at control points, and at the deadline. */
function forcedNote(target: NonNullable<TrainSummary['target']>): string {
  const removals = target.forcedRemovals;
  // An older summary has only the total.
  if (removals === undefined) return target.forcedUnits > 0 ? `${target.forcedUnits} units removed by force` : '';
  const units = (list: ForcedRemoval[]) => list.reduce((sum, removal) => sum + removal.units, 0);
  const plan = removals.filter((removal) => !removal.atDeadline);
  const deadline = removals.filter((removal) => removal.atDeadline);
  const notes: string[] = [];
  if (plan.length > 0) {
    const points = plan.length === 1 ? '1 control point' : `${plan.length} control points`;
    notes.push(`${units(plan)} units removed to keep to the plan at ${points} (${steps(plan)})`);
  }
  if (deadline.length > 0) {
    notes.push(`${units(deadline)}${plan.length > 0 ? '' : ' units removed'} at the deadline (${steps(deadline)})`);
  }
  return notes.join(', ');
}

/** What compaction would keep, the target and fine-tuning, at the end of a run. */
export function structureLine(summary: TrainSummary): string {
  const { compacted, target, finetune } = summary;
  const parts = [`compacted network: ${percent(compacted.macsFraction)} of the dense MACs, ` +
    `${percent(compacted.paramsFraction)} of the parameters`];
  if (target !== null) {
    const goals = [target.macs === null ? '' : `MACs ${percent(target.macs)}`,
      target.params === null ? '' : `params ${percent(target.params)}`].filter(Boolean).join(', ');
    const reached = target.reachedAtStep === null ? 'not reached' : `reached at step ${target.reachedAtStep}`;
    const forced = forcedNote(target);
    parts.push(`target ${goals} ${reached}${forced === '' ? '' : `: ${forced}`}`);
  }
  if (summary.shrinkSteps.length > 0) {
    parts.push(`trained the compacted model from step ${summary.shrinkSteps[0]} (${summary.shrinkSteps.length} shrinks)`);
  }
  if (finetune.startStep !== null) {
    const before = finetune.testAccuracyBefore === null ? '' : `, test accuracy before ${finetune.testAccuracyBefore.toFixed(4)}`;
    parts.push(`fine-tuned ${finetune.steps} steps from step ${finetune.startStep}${before}`);
  }
  return parts.join('; ');
}
