// `cges train --resume DIR`: the settings of a run continued from its checkpoint. They are the saved
// ones, passed through the same validation as flags (a hand-edited checkpoint cannot smuggle in a bad
// value); only settings that do not change the result may be given again.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpointSettings } from '../train/checkpoint.js';
import { CgesError } from '../util/errors.js';
import { dataSettingFlags } from './data_flags.js';
import { resolveTrainConfig, type TrainConfig, type TrainFlags } from './train_config.js';

/** Flags a resumed run accepts: how long, where the data is, and how fast; never what is trained. */
const RESUMABLE_FLAGS = new Set<keyof TrainFlags>(['iterations', 'data', 'backend', 'threads', 'checkpointEvery']);

export const checkpointDir = (runDir: string) => join(runDir, 'checkpoint');

/** The flags that reproduce `config` (numbers print back exactly in JavaScript). */
function configFlags(config: TrainConfig): TrainFlags {
  const text = (value: number | null | undefined) => (value === undefined || value === null ? undefined : String(value));
  return {
    // A checkpoint from before presets existed was trained with the original settings.
    preset: config.preset ?? 'original', targetMacs: text(config.targetMacs), targetParams: text(config.targetParams),
    // A checkpoint from before shrinking existed never shrank.
    finetune: text(config.finetune), masks: config.masks, shrink: config.shrink ?? false, finetuneLr: config.finetuneLr,
    // Checkpoints from before them cut nothing of the input.
    pruneInputs: config.pruneInputs ?? false, cropInput: config.cropInput ?? false,
    // A run from before distillation had no teacher.
    teacher: config.teacher ?? undefined, distillTemperature: config.teacher ? text(config.distillTemperature) : undefined,
    distillAlpha: config.teacher ? text(config.distillAlpha) : undefined,
    distillPhase: config.teacher ? config.distillPhase : undefined,
    model: config.model, loss: config.loss, reg: config.reg, lambda: text(config.lambda), mu: text(config.mu), chvar: text(config.chvar),
    gscale: config.gscale?.join(','), escale: config.escale?.join(','), exclusiveProx: config.exclusiveForm,
    grouping: config.grouping, optimizer: config.optimizer, iterations: text(config.iterations),
    batchSize: text(config.batchSize), baseLr: text(config.baseLr), stepsize: text(config.stepsize),
    decayRate: text(config.decayRate), displayEvery: text(config.displayEvery), testEvery: text(config.testEvery),
    checkpointEvery: text(config.checkpointEvery), data: config.dataDir, trainSize: text(config.trainSize),
    testSize: text(config.testSize), seed: text(config.seed), backend: config.backend, threads: text(config.threads),
    ...dataSettingFlags(config),
  };
}

function kebab(name: string): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

export interface ResumedConfig {
  config: TrainConfig;
  /** The checkpoint's step. */
  step: number;
}

/**
 * The settings to resume the run in `runDir` with. A checkpoint at the run's last step resumes only while
 * the run's final outputs are not all written (`unfinished`; by default, while it has no summary.json): a
 * run stopped between its last checkpoint and its summary or compaction then writes them, with no step.
 */
export function resolveResumeConfig(
  runDir: string, flags: TrainFlags, { unfinished = !existsSync(join(runDir, 'summary.json')) }: { unfinished?: boolean } = {},
): ResumedConfig {
  const given = (Object.keys(flags) as (keyof TrainFlags)[]).filter((name) => flags[name] !== undefined);
  const fixed = given.filter((name) => !RESUMABLE_FLAGS.has(name));
  if (fixed.length > 0) {
    throw new CgesError(`${kebab(fixed[0])} cannot be given with --resume: a resumed run keeps its saved settings`);
  }
  const { step, settings } = readCheckpointSettings(checkpointDir(runDir));
  if (typeof settings !== 'object' || settings === null || typeof (settings as TrainConfig).model !== 'string') {
    throw new CgesError(`checkpoint ${checkpointDir(runDir)} holds no cges train settings`);
  }
  const saved = configFlags(settings as TrainConfig);
  const config = resolveTrainConfig({ ...saved, ...Object.fromEntries(given.map((name) => [name, flags[name]])) });
  if (config.iterations < step || (config.iterations === step && !unfinished)) {
    throw new CgesError(`the run in ${runDir} has already trained ${step} of ${config.iterations} iterations; ` +
      'pass a larger --iterations to train further');
  }
  return { config: { ...config, out: runDir, force: false }, step };
}
