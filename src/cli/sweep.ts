// `cges sweep`: a grid over the cost target and the settings around it (src/sweep/sweep.ts), from flags or
// a small spec file, with a goal and, with --early-stop, ASHA's rungs; run by local worker processes like
// cges compare.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_COMPARE_ITERATIONS } from '../sweep/compare.js';
import { DEFAULT_ETA, DEFAULT_RUNGS, type EarlyStopSettings } from '../sweep/early_stop.js';
import { OBJECTIVES, parseDrop, parseShare, type Goal } from '../sweep/goal.js';
import { splitList, type Grid } from '../sweep/grid.js';
import { DEFAULT_SWEEP_GRID, sweep } from '../sweep/sweep.js';
import { CgesError } from '../util/errors.js';
import { addSharedTrainOptions, failIfUnfinished, fanOutOptions, sharedSettings, type FanOutFlags } from './compare.js';
import { parseChoice, parsePositiveNumber } from './flags.js';

/** The train flags a sweep may vary from the command line (any train flag may be varied in a spec file). */
const GRID_FLAGS = [
  ['target-macs', 'cost targets, shares of the dense MACs (default 0.05,0.1,0.2,0.4)'],
  ['target-params', 'parameter targets, shares of the dense parameters'],
  ['lambda', 'regularisation strengths lambda'],
  ['mu', 'group weights of the first layer'],
  ['grouping', 'groupings: input | output | unit'],
  ['exclusive-prox', 'exclusive forms: original | exact'],
  ['preset', 'presets: small | original'],
  ['reg', 'regularisers (default cges)'],
  ['finetune-lr', 'fine-tuning learning rates: continue | rewind'],
  ['distill-alpha', 'distillation weights in [0, 1] (with --distill)'],
  ['distill-temperature', 'distillation temperatures (with --distill)'],
] as const;

interface SweepFlags extends FanOutFlags {
  spec?: string;
  distill?: boolean;
  maxMacs?: string;
  maxParams?: string;
  minAccuracy?: string;
  maxDrop?: string;
  objective?: string;
  baseline?: boolean;
  earlyStop?: boolean;
  rungs?: string;
  eta?: string;
}

interface Spec {
  grid: Grid;
  goal: Partial<Goal>;
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** spec.json: {"grid": {"target-macs": [0.1, 0.2], ...}, "goal": {"maxMacs": 0.1, "maxDrop": 0.5, "objective": "accuracy"}}. */
function readSpec(path: string): Spec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CgesError(`--spec ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  const spec = parsed as { grid?: unknown; goal?: unknown };
  if (typeof spec !== 'object' || spec === null) throw new CgesError(`--spec ${path}: not a JSON object`);
  const grid: Grid = {};
  for (const [key, values] of Object.entries(spec.grid ?? {})) {
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      throw new CgesError(`--spec ${path}: grid.${key} must be a list of numbers or strings`);
    }
    grid[key] = values.map(String);
  }
  const goal = (spec.goal ?? {}) as Record<string, unknown>;
  const text = (key: string) => (goal[key] === undefined ? undefined : String(goal[key]));
  return {
    grid,
    goal: { maxMacs: parseOptionalShare('goal.maxMacs', text('maxMacs')), maxParams: parseOptionalShare('goal.maxParams', text('maxParams')),
      minAccuracy: parseOptionalShare('goal.minAccuracy', text('minAccuracy')),
      maxDrop: text('maxDrop') === undefined ? undefined : parseDrop('goal.maxDrop', text('maxDrop') ?? ''),
      objective: goal.objective === undefined ? undefined : parseChoice('goal.objective', String(goal.objective), OBJECTIVES) },
  };
}

function parseOptionalShare(flag: string, raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : parseShare(flag, raw);
}

/** --early-stop, --rungs and --eta as early stopping's settings (undefined without --early-stop). */
function earlyStopSettings(flags: SweepFlags): EarlyStopSettings | undefined {
  if (!flags.earlyStop) {
    if (flags.rungs !== undefined || flags.eta !== undefined) throw new CgesError('--rungs and --eta go with --early-stop');
    return undefined;
  }
  const eta = flags.eta === undefined ? DEFAULT_ETA : parsePositiveNumber('--eta', flags.eta);
  if (eta <= 1) throw new CgesError(`--eta must be above 1, got "${flags.eta}"`);
  const rungs = flags.rungs === undefined ? DEFAULT_RUNGS : splitList(flags.rungs).map((raw) => {
    const share = Number(raw);
    if (raw.trim() === '' || !(share > 0 && share < 1)) throw new CgesError(`--rungs must be shares of --iterations in (0, 1), got "${raw}"`);
    return share;
  });
  if (rungs.some((share, k) => k > 0 && share <= rungs[k - 1])) throw new CgesError(`--rungs must rise, got "${flags.rungs}"`);
  return { rungs, eta };
}

export function addSweepCommand(program: Command): Command {
  const command = program.command('sweep')
    .description('search the cost target and the settings around it toward a goal; print the Pareto front of ' +
      'accuracy against compacted MACs and the chosen setting with the command that reproduces it');
  for (const [name, help] of GRID_FLAGS) command.option(`--${name} <list>`, `${help}, comma-separated`);
  command
    .option('--spec <file>', 'a JSON file with "grid" (flag -> values) and "goal"; flags add to it')
    .option('--max-macs <f>', 'goal: compacted MACs at most this share of the dense model\'s')
    .option('--max-params <f>', 'goal: compacted parameters at most this share')
    .option('--min-accuracy <f>', 'goal: accuracy at least this (e.g. 0.98)')
    .option('--max-drop <pp>', 'goal: accuracy at most this many percentage points below the L2 reference run\'s (e.g. 0.5)')
    .option('--no-baseline', 'do not run the L2 reference beside the trials (it runs by default, at the same budget and seed)')
    .option('--objective <name>', 'goal: accuracy (the most accurate) | macs (the fewest MACs) (default accuracy)')
    .option('--early-stop', 'stop hopeless trials by ASHA: at each rung, trials of the same cost target and budget are ' +
      'compared by validation accuracy and only the best 1/eta go on (default off)')
    .option('--rungs <list>', `with --early-stop: the rungs, shares of --iterations (default ${DEFAULT_RUNGS.map((r) => r.toFixed(3)).join(',')})`)
    .option('--eta <n>', `with --early-stop: 1/eta of the trials at a rung go on (default ${DEFAULT_ETA})`)
    .option('--distill', 'first train the L2 reference (in <out>/<out name>-teacher/, its time counted once in the ' +
      'budget) and distil every trial from it (cges train --teacher)');
  return addSharedTrainOptions(command)
    .action(async (flags: SweepFlags & Record<string, unknown>) => {
      const options = fanOutOptions(flags);
      const spec = flags.spec === undefined ? { grid: {}, goal: {} } : readSpec(flags.spec);
      const grid: Grid = { ...spec.grid };
      for (const [name] of GRID_FLAGS) {
        const raw = flags[camel(name)];
        if (typeof raw === 'string') grid[name] = splitList(raw);
      }
      if (Object.keys(grid).length === 0) Object.assign(grid, DEFAULT_SWEEP_GRID);
      const goal: Goal = {
        maxMacs: parseOptionalShare('--max-macs', flags.maxMacs) ?? spec.goal.maxMacs,
        maxParams: parseOptionalShare('--max-params', flags.maxParams) ?? spec.goal.maxParams,
        minAccuracy: parseOptionalShare('--min-accuracy', flags.minAccuracy) ?? spec.goal.minAccuracy,
        maxDrop: flags.maxDrop === undefined ? spec.goal.maxDrop : parseDrop('--max-drop', flags.maxDrop),
        objective: flags.objective === undefined ? spec.goal.objective ?? 'accuracy' : parseChoice('--objective', flags.objective, OBJECTIVES),
      };
      const common = { iterations: String(DEFAULT_COMPARE_ITERATIONS), ...sharedSettings(flags) };
      const baseline = flags.baseline !== false;
      if (goal.maxDrop !== undefined && !baseline) throw new CgesError('--max-drop measures from the L2 reference run, which --no-baseline leaves out');
      const distill = flags.distill ?? false;
      const run = await sweep({ ...options, grid, goal, common, baseline, distill, earlyStop: earlyStopSettings(flags) });
      // With --distill the reference is the teacher, trained before the trials and not among them.
      failIfUnfinished(run, run.trials.length + (baseline && !distill ? 1 : 0));
    });
}
