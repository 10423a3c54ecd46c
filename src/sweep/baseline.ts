// A sweep's reference run: L2 at the same model, data, budget and seed as its trials. Every trial is then
// measured against what the dense model reaches at that budget, a goal can ask for "at most X pp below
// L2", and the sweep names the smallest model within NAMED_DROP of it. The reference is a row of the table
// and the report, never a candidate for the choice or the Pareto front.
import type { Trial, TrialSettings } from './trial.js';

export const BASELINE_NAME = 'l2';
/** The drop the sweep always names the smallest model for: 0.5 pp, as pruning papers compare on the LeNets. */
export const NAMED_DROP = 0.005;

/** The trials' shared settings (without what the grid varies) under L2: no target, no CGES. */
export function baselineTrial(shared: TrialSettings): Trial {
  return { name: BASELINE_NAME, settings: { ...shared, reg: 'l2' } };
}
