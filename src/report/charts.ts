// The report's charts as HTML figures with inline SVG: the comparison across runs (accuracy and cost, with
// where fine-tuning began and the cost targets, and with several runs accuracy against MACs kept), and per
// run its layers' sparsity over training and its alive units and zero groups at the end. A chart without
// data says so instead of drawing empty axes.
// src/report imports src/util, and types from src/train and src/compact, only.
import type { TopLevelSpec } from 'vega-lite';
import {
  accuracyRows, costRows, finetuneRows, layerNames, layerSparsityRows, layerUnitsRows, targetRows, tradeoffAccuracy,
  tradeoffRows,
} from './chart_data.js';
import { accuracySpec, costSpec, layerSparsitySpec, layerUnitsSpec, tradeoffSpec } from './chart_specs.js';
import { escapeHtml } from './html.js';
import type { RunRecord } from './run_record.js';
import { renderSvg } from './vega_svg.js';

interface Chart {
  /** Unique within the page: names the chart's SVG ids. */
  id: string;
  title: string;
  /** null when there is nothing to plot; `empty` says why. */
  spec: TopLevelSpec | null;
  empty: string;
}

async function figure(chart: Chart): Promise<string> {
  const body = chart.spec === null
    ? `<p class="empty">${escapeHtml(chart.empty)}</p>`
    : await renderSvg(chart.spec, chart.id);
  const caption = `<figcaption>${escapeHtml(chart.title)}</figcaption>`;
  return `<figure id="${escapeHtml(chart.id)}">\n${caption}\n${body}\n</figure>`;
}

export async function comparisonCharts(runs: RunRecord[]): Promise<string[]> {
  const names = runs.map((run) => run.name);
  const tested = runs.some((run) => run.test.length > 0);
  const finetune = finetuneRows(runs);
  const untested = 'No test events in metrics.jsonl.';
  const charts: Chart[] = [
    {
      id: 'accuracy', title: 'Test accuracy during training',
      spec: tested ? accuracySpec(accuracyRows(runs), names, finetune) : null, empty: untested,
    },
    {
      id: 'cost', title: 'MACs per example and weights kept during training',
      spec: tested ? costSpec(costRows(runs), names, { finetune, targets: targetRows(runs) }) : null, empty: untested,
    },
  ];
  if (runs.length > 1) {
    const accuracy = tradeoffAccuracy(runs);
    charts.push({
      id: 'tradeoff',
      title: `Final ${accuracy} accuracy against MACs kept, the Pareto front ringed`,
      spec: tradeoffSpec(tradeoffRows(runs), names, accuracy), empty: '',
    });
  }
  return Promise.all(charts.map(figure));
}

/** `index` (the run's position in the report) keeps the charts' ids apart between runs. */
export async function runCharts(run: RunRecord, index: number): Promise<string[]> {
  const layers = layerNames(run);
  const charts: Chart[] = [
    {
      id: `run${index}-sparsity`, title: 'Zero weights per layer during training',
      spec: run.display.length > 0 ? layerSparsitySpec(layerSparsityRows(run), layers) : null,
      empty: 'No display events in metrics.jsonl.',
    },
    {
      id: `run${index}-units`, title: 'Alive units and zero groups per layer at the end',
      spec: run.summary.layers.length > 0 ? layerUnitsSpec(layerUnitsRows(run), layers) : null,
      empty: 'summary.json lists no regularised layers.',
    },
  ];
  return Promise.all(charts.map(figure));
}
