// A trial's settings checked as `cges train` would check them, before a compare or sweep starts anything:
// every name must be a train flag, and the values must resolve to a train configuration.
import { Command } from 'commander';
import type { Trial } from '../sweep/trial.js';
import { CgesError } from '../util/errors.js';
import { addTrainCommand } from './train.js';
import { resolveTrainConfig, type TrainConfig, type TrainFlags } from './train_config.js';

/** Flags a trial may not set: the runner gives each its folder, and these belong to one run alone. */
const RUNNER_FLAGS = new Set(['out', 'force', 'resume', 'compact', 'report', 'threads']);

/** Each train flag by name, and whether it takes a value (else it is a switch). */
let trainFlags: Map<string, boolean> | undefined;

function knownTrainFlags(): Map<string, boolean> {
  trainFlags ??= new Map(addTrainCommand(new Command()).options.flatMap((option) =>
    (option.long === undefined ? [] : [[option.long.slice(2), option.required || option.optional] as const])));
  return trainFlags;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The train configuration `trial`'s settings give (a CgesError naming the trial if they are refused). */
export function trialConfig(trial: Trial): TrainConfig {
  const flags: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(trial.settings)) {
    const takesValue = knownTrainFlags().get(key);
    if (RUNNER_FLAGS.has(key) || takesValue === undefined) {
      throw new CgesError(`run ${trial.name}: "${key}" is not a setting a run may take (see cges train --help)`);
    }
    if (takesValue !== (typeof value === 'string')) {
      throw new CgesError(`run ${trial.name}: --${key} ${takesValue ? 'takes a value (name=value)' : 'is a switch and takes no value'}`);
    }
    // --no-masks and --no-shrink are the negated switches: false for masks / shrink.
    if (key.startsWith('no-')) flags[camel(key.slice(3))] = false;
    else flags[camel(key)] = value;
  }
  try {
    return resolveTrainConfig(flags as TrainFlags);
  } catch (error) {
    if (error instanceof CgesError) throw new CgesError(`run ${trial.name}: ${error.message}`);
    throw error;
  }
}

export function checkTrial(trial: Trial): void {
  trialConfig(trial);
}
