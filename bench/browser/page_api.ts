// What the bench page offers the Node side, and what it answers. Types only: page.ts implements it inside
// Chromium, browser_session.ts calls it over playwright-core. Everything crossing is plain JSON.
import type { ThroughputOptions, ThroughputPair } from '../../src/compact/throughput.js';

/** The global the page sets once its bundle has run. */
export const PAGE_GLOBAL = 'cgesBench';

/** Where the page fetches one network's two models (model.json URLs, weights beside them). */
export interface ModelPairUrls {
  network: string;
  dense: string;
  compacted: string;
}

/** The wasm backend as the page got it. */
export interface PageBackend {
  backend: string;
  simd: boolean;
  multithread: boolean;
}

/** Both models on the same seeded uniform batch, compared as src/compact/verify.ts compares them. */
export interface PageClassification {
  network: string;
  count: number;
  predictedDense: number[];
  predictedCompacted: number[];
  /** max |logit difference| and max |dense logit|. */
  maxAbsDiff: number;
  scale: number;
  /** Every argmax equal. */
  sameClasses: boolean;
  /** Logits within LOGIT_TOLERANCE of their scale. */
  logitsAgree: boolean;
}

export interface PageApi {
  /** Switches TF.js to the wasm backend, its binaries fetched from `wasmPrefix`. */
  start(wasmPrefix: string): Promise<PageBackend>;
  load(pair: ModelPairUrls): Promise<{ denseParams: number; compactedParams: number }>;
  classify(network: string, count: number): PageClassification;
  /** compareThroughput (src/compact/throughput.ts) of dense against compacted, run in the page. */
  measure(network: string, batches: number[], options: ThroughputOptions): ThroughputPair[];
}
