// The Vega-Lite specs of the report's charts. Runs are told apart by colour (a legend names each run);
// every axis says what it counts and in which unit. Dashed, labelled rules in the run's colour mark where
// fine-tuning began and the cost targets.
// src/report imports src/util, and types from src/train and src/compact, only (plus vega-lite types).
import type { TopLevelSpec } from 'vega-lite';
import {
  COST_MEASURES, TRADEOFF_COUNTED, UNIT_MEASURES, type AccuracyRow, type CostRow, type LayerSparsityRow,
  type LayerUnitsRow, type LevelRuleRow, type StepRuleRow, type TradeoffRow,
} from './chart_data.js';

const WIDTH = 520;
const HEIGHT = 240;
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
} as const;

// From step 0, so runs tested at different steps line up and the first test is not at the axis' edge.
const STEP_AXIS = {
  field: 'step', type: 'quantitative', title: 'training step (iterations)', scale: { domainMin: 0 },
} as const;

/** A quantitative axis of fractions shown as percentages; without a domain it zooms in on the data. */
function fractionAxis(field: string, title: string, format: string, domain?: [number, number]) {
  const scale = domain === undefined ? { zero: false } : { domain };
  return { field, type: 'quantitative' as const, title, axis: { format }, scale };
}

/** Colour by run, in the order the runs were given. */
function runColor(runs: string[]) {
  return { field: 'run', type: 'nominal', title: 'run', sort: runs } as const;
}

/** The encoding channels of a single-view spec (vega-lite exports the type only from a deep path). */
type Encoding = NonNullable<Extract<TopLevelSpec, { mark: unknown }>['encoding']>;
type YAxis = ReturnType<typeof fractionAxis>;
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

const RULE_DASH = [5, 3];

/** Rules over a step chart: vertical ones at steps, and horizontal ones at a fraction of its y axis. */
interface Rules {
  /** The runs the rules' colours follow. */
  runs: string[];
  steps?: StepRuleRow[];
  levels?: LevelRuleRow[];
}

/** Where a rule's label sits: `along` pins it on the rule (in pixels), `dy` and `baseline` set it beside. */
interface LabelPlace { along: Encoding; dy: number; baseline: 'top' | 'bottom' }

/** A dashed rule per row, across the whole plot at `at` (x for a step, y for a level), with its label. */
function ruleLayers(rows: object[], at: Encoding, label: LabelPlace, runs: string[]): Layer[] {
  if (rows.length === 0) return [];
  const color = runColor(runs);
  const { along, ...place } = label;
  return [
    { data: { values: rows }, mark: { type: 'rule', strokeDash: RULE_DASH }, encoding: { ...at, color } },
    {
      data: { values: rows },
      mark: { type: 'text', fontSize: 10, align: 'left', dx: 3, ...place },
      encoding: { ...at, ...along, color, text: { field: 'label', type: 'nominal' } },
    },
  ];
}

/**
 * A line chart over training steps; `encoding` adds y (which level rules share) and how the lines are
 * told apart.
 */
function stepChart(
  rows: object[], points: boolean, encoding: Omit<Encoding, 'x'> & { y: YAxis }, rules: Rules = { runs: [] },
): TopLevelSpec {
  const { runs } = rules;
  // Step labels sit at the top of the plot, level labels at its left edge, each just beside its rule.
  const steps = ruleLayers(
    rules.steps ?? [], { x: STEP_AXIS }, { along: { y: { value: 0 } }, dy: 0, baseline: 'top' }, runs);
  const levels = ruleLayers(
    rules.levels ?? [], { y: encoding.y }, { along: { x: { value: 0 } }, dy: -2, baseline: 'bottom' }, runs);
  return {
    width: WIDTH, height: HEIGHT, config: CONFIG,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', point: points }, encoding: { x: STEP_AXIS, ...encoding } },
      ...steps,
      ...levels,
    ],
  };
}

export function accuracySpec(rows: AccuracyRow[], runs: string[], finetune: StepRuleRow[] = []): TopLevelSpec {
  return stepChart(rows, true, {
    y: fractionAxis('accuracy', 'test accuracy (% of the test set)', '.1%'),
    color: runColor(runs),
  }, { runs, steps: finetune });
}

export function costSpec(
  rows: CostRow[], runs: string[], rules: { finetune?: StepRuleRow[]; targets?: LevelRuleRow[] } = {},
): TopLevelSpec {
  const measure = {
    field: 'measure', type: 'nominal', title: 'measure', sort: Object.values(COST_MEASURES),
  } as const;
  return stepChart(rows, true, {
    y: fractionAxis('fraction', 'share of the dense count (%)', '.0%', [0, 1]),
    color: runColor(runs),
    // Dash and point shape together make one legend that tells the measures apart.
    strokeDash: measure,
    shape: measure,
  }, { runs, steps: rules.finetune, levels: rules.targets });
}

export function layerSparsitySpec(rows: LayerSparsityRow[], layers: string[]): TopLevelSpec {
  return stepChart(rows, false, {
    y: fractionAxis('zeros', 'zero kernel weights (% of the layer)', '.0%', [0, 1]),
    color: { field: 'layer', type: 'nominal', title: 'layer', sort: layers },
  });
}

export function layerUnitsSpec(rows: LayerUnitsRow[], layers: string[]): TopLevelSpec {
  const measures = [UNIT_MEASURES.alive, UNIT_MEASURES.zeroGroups];
  const x = { field: 'layer', type: 'nominal', title: 'layer', sort: layers, axis: { labelAngle: 0 } } as const;
  const xOffset = { field: 'measure', type: 'nominal', sort: measures } as const;
  const y = fractionAxis('share', 'share of the layer\'s units / groups (%)', '.0%', [0, 1]);
  return {
    width: WIDTH, height: HEIGHT, config: CONFIG,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: { x, xOffset, y, color: { field: 'measure', type: 'nominal', title: 'at the end', sort: measures } },
      },
      {
        // The counts behind each bar, e.g. "1013/1024".
        mark: { type: 'text', dy: -6, fontSize: 10 },
        encoding: { x, xOffset, y, text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}

export function tradeoffSpec(rows: TradeoffRow[], runs: string[], accuracy: 'validation' | 'test' = 'test'): TopLevelSpec {
  // The whole range, as in the paper's figures: a run that saved little sits near 100%, not in a zoom.
  const x = fractionAxis('macsKept', 'MACs per example kept (% of the dense model)', '.0%', [0, 1]);
  const set = accuracy === 'validation' ? 'validation examples' : 'test set';
  const y = fractionAxis('accuracy', `final ${accuracy} accuracy (% of the ${set})`, '.1%');
  const front = rows.filter((row) => row.front);
  return {
    width: WIDTH, height: HEIGHT,
    // Below the plot, so the names of runs near 100% have room on the right.
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'bottom' } },
    data: { values: rows },
    layer: [
      {
        // The Pareto front: a grey line through its runs by rising MACs, and a ring around each.
        data: { values: front },
        mark: { type: 'line', color: '#888', strokeWidth: 1.5 },
        encoding: { x, y, order: { field: 'macsKept', type: 'quantitative' } },
      },
      {
        data: { values: front },
        mark: { type: 'point', shape: 'circle', filled: false, size: 300, color: '#333', strokeWidth: 1.2 },
        encoding: { x, y },
      },
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x, y, color: runColor(runs),
          shape: {
            field: 'counted', type: 'nominal', title: 'MACs counted on',
            sort: Object.values(TRADEOFF_COUNTED),
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 8, fontSize: 10 },
        encoding: { x, y, text: { field: 'run', type: 'nominal' } },
      },
    ],
  };
}
