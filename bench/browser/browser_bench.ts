// `npm run bench -- --browser`: inference examples/s of dense and compacted seed-mnist and lenet5 where
// users deploy TF.js models, in headless Chromium on the wasm backend, beside the same two models in
// Node on the backend selectBackend picks. Per network: the page first proves the compacted model
// classifies a seeded batch as the dense one does, then compareThroughput runs in the page and in Node
// with the same options (alternating rounds, every round kept), one after the other, never at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../src/backend/select_backend.js';
import { compareThroughput, type ThroughputOptions, type ThroughputPair } from '../../src/compact/throughput.js';
import { loadModel } from '../../src/models/model_io.js';
import { CgesError } from '../../src/util/errors.js';
import { PRUNED_MACS, prunedPair, runPair, type BrowserModelPair } from './browser_models.js';
import { BrowserSession } from './browser_session.js';
import type { PageBackend, PageClassification } from './page_api.js';

export const BROWSER_NETWORKS = ['seed-mnist', 'lenet5'] as const;
export const BROWSER_BATCHES = [1, 100];
/** Examples the page classifies with both models before timing them. */
export const CLASSIFY_COUNT = 100;

export interface BrowserBenchOptions {
  networks: readonly (typeof BROWSER_NETWORKS)[number][];
  /** `cges train --compact --no-shrink` run folders; they replace the made-up pair of their network. */
  runDirs: readonly string[];
  quick: boolean;
  /** Threads for the Node backend (oneDNN). */
  threads: number;
}

export interface BrowserNetworkResult {
  network: string;
  source: string;
  macsKept: number;
  /** The page's comparison, without the per-example classes. */
  classification: Omit<PageClassification, 'predictedDense' | 'predictedCompacted'>;
  chromium: ThroughputPair[];
  node: ThroughputPair[];
}

export interface BrowserBenchResult {
  chromium: PageBackend & { version: string };
  nodeBackend: string;
  throughputOptions: ThroughputOptions;
  networks: BrowserNetworkResult[];
}

export function browserThroughputOptions(quick: boolean): ThroughputOptions {
  return quick ? { rounds: 3, minSeconds: 0.2 } : { rounds: 5, minSeconds: 0.5 };
}

async function modelPairs(options: BrowserBenchOptions, dir: string): Promise<BrowserModelPair[]> {
  const fromRuns = await Promise.all(options.runDirs.map((runDir) => runPair(runDir)));
  const repeated = fromRuns.find((pair, i) => fromRuns.findIndex((other) => other.network === pair.network) !== i);
  if (repeated !== undefined) throw new CgesError(`--browser-models names two ${repeated.network} runs; give one per network`);
  const pairs: BrowserModelPair[] = [];
  for (const network of options.networks) {
    pairs.push(fromRuns.find((pair) => pair.network === network) ?? await prunedPair(network, PRUNED_MACS[network], dir));
  }
  return [...pairs, ...fromRuns.filter((pair) => !pairs.includes(pair))];
}

async function nodeThroughput(pair: BrowserModelPair, throughput: ThroughputOptions): Promise<ThroughputPair[]> {
  const [dense, compacted] = [await loadModel(pair.denseDir), await loadModel(pair.compactedDir)];
  try {
    return compareThroughput(dense, compacted, BROWSER_BATCHES, throughput);
  } finally {
    dense.dispose();
    compacted.dispose();
  }
}

export async function measureBrowser(
  options: BrowserBenchOptions, progress: (line: string) => void,
): Promise<BrowserBenchResult> {
  const nodeBackend = await selectBackend(undefined, { threads: options.threads, notice: progress });
  const throughputOptions = browserThroughputOptions(options.quick);
  const dir = mkdtempSync(join(tmpdir(), 'cges-browser-bench-'));
  try {
    const pairs = await modelPairs(options, dir);
    progress(`browser: Chromium on wasm, ${pairs.map((p) => `${p.network} (${p.source})`).join(', ')}...`);
    const session = await BrowserSession.open(pairs);
    const networks: BrowserNetworkResult[] = [];
    try {
      for (const pair of pairs) {
        const { predictedDense: _dense, predictedCompacted: _compacted, ...classification } =
          await session.call('classify', pair.network, CLASSIFY_COUNT);
        if (!classification.sameClasses) {
          throw new Error(`compacted ${pair.network} classifies differently from the dense one in Chromium ` +
            `(max |logit difference| ${classification.maxAbsDiff}, logit scale ${classification.scale})`);
        }
        const chromium = await session.call('measure', pair.network, BROWSER_BATCHES, throughputOptions);
        const node = await nodeThroughput(pair, throughputOptions);
        progress(`browser: ${pair.network} ${chromium.map((p) => `batch ${p.batch} ${p.speedup.toFixed(2)}x`).join(', ')} in Chromium`);
        networks.push({ network: pair.network, source: pair.source, macsKept: pair.macsKept, classification, chromium, node });
      }
    } finally {
      await session.close();
    }
    return { chromium: { ...session.backend, version: session.browserVersion }, nodeBackend, throughputOptions, networks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
