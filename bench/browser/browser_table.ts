// The table `npm run bench -- --browser` prints: per network, batch and model, examples/s in Chromium
// (wasm) and in Node, and on the compacted rows the compacted/dense ratio with its per-round spread;
// then the Chromium targets for seed-mnist, checked.
import Table from 'cli-table3';
import { pairSpread, speedupText } from '../../src/compact/claims.js';
import type { ThroughputPair } from '../../src/compact/throughput.js';
import type { BrowserBenchResult } from './browser_bench.js';

/** The targets: compacted seed-mnist over dense in Chromium (wasm), by batch size. */
export const BROWSER_TARGETS = { network: 'seed-mnist', minSpeedup: new Map([[100, 3], [1, 2]]) } as const;

function rate(value: number | undefined): string {
  return value === undefined ? '-' : Math.round(value).toLocaleString('en-US');
}

function ratio(pair: ThroughputPair | undefined): string {
  return pair === undefined ? '-' : speedupText(pair.speedup, pairSpread(pair));
}

export function browserTable(result: BrowserBenchResult): string {
  const { chromium, nodeBackend } = result;
  const table = new Table({
    style: { head: [], border: [] },
    head: ['network', 'model', 'batch', 'Chromium wasm ex/s', `Node ${nodeBackend} ex/s`,
      'compacted/dense Chromium', `compacted/dense Node`],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const network of result.networks) {
    for (const browserPair of network.chromium) {
      const nodePair = network.node.find((pair) => pair.batch === browserPair.batch);
      table.push([network.network, 'dense', browserPair.batch, rate(browserPair.before), rate(nodePair?.before), '', '']);
      table.push(['', `compacted (${(network.macsKept * 100).toFixed(1)}% MACs)`, browserPair.batch,
        rate(browserPair.after), rate(nodePair?.after), ratio(browserPair), ratio(nodePair)]);
    }
  }
  const header = `Inference in headless Chromium ${chromium.version} ` +
    `on the wasm backend (SIMD ${chromium.simd ? 'on' : 'off'}, ${chromium.multithread ? 'threaded' : 'one thread'}) ` +
    `and in Node on ${nodeBackend}; best of ${result.throughputOptions.rounds} alternating rounds, ratio spread over rounds`;
  const sources = result.networks.map((n) => `${n.network}: ${n.source}; ` +
    `${n.classification.count} inputs classified alike in Chromium (max |logit difference| ` +
    `${n.classification.maxAbsDiff.toExponential(1)} of ${n.classification.scale.toFixed(2)})`);
  return [header, table.toString(), ...sources, ...targetLines(result)].join('\n');
}

function targetLines(result: BrowserBenchResult): string[] {
  const network = result.networks.find((n) => n.network === BROWSER_TARGETS.network);
  if (network === undefined) return [];
  return network.chromium.flatMap((pair) => {
    const target = BROWSER_TARGETS.minSpeedup.get(pair.batch);
    if (target === undefined) return [];
    const verdict = pair.speedup >= target ? 'ok' : 'MISSED';
    return [`target: compacted ${network.network} >= ${target}x dense in Chromium at batch ${pair.batch}: ` +
      `${pair.speedup.toFixed(2)}x ${verdict}`];
  });
}
