// The bench page in Debian's headless Chromium, driven by playwright-core: serves the page, its bundle, the
// wasm binaries and the given model pairs on loopback, opens the page, switches it to the wasm backend and
// calls PageApi. The project never downloads a browser: Chromium is /usr/bin/chromium
// (`apt-get install chromium`), and its absence is an error that says so.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MODEL_JSON, WEIGHTS_BIN } from '../../src/models/model_io.js';
import { bundlePage } from './page_bundle.js';
import { PAGE_GLOBAL, type ModelPairUrls, type PageApi, type PageBackend } from './page_api.js';
import { CONTENT_TYPES, startStaticServer, type Route, type StaticServer } from './static_server.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
const PAGE_HTML = '<!doctype html>\n<meta charset="utf-8">\n<title>cges browser bench</title>\n' +
  '<script type="module" src="/page.js"></script>\n';

/** One network's dense and compacted model, each a folder of model.json and weights.bin. */
export interface ModelPairDirs {
  network: string;
  denseDir: string;
  compactedDir: string;
}

export interface BrowserSessionOptions {
  /** How long the page may take to load and to answer one call (default 120 s). */
  timeoutMs?: number;
}

function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

function modelUrl(network: string, variant: 'dense' | 'compacted'): string {
  return `/models/${encodeURIComponent(network)}/${variant}/${MODEL_JSON}`;
}

function routesFor(bundle: string, pairs: readonly ModelPairDirs[]): Map<string, Route> {
  const routes = new Map<string, Route>([
    ['/', { type: CONTENT_TYPES.html, body: PAGE_HTML }],
    ['/page.js', { type: CONTENT_TYPES.js, body: bundle }],
  ]);
  for (const file of WASM_FILES) routes.set(`/wasm/${file}`, { type: CONTENT_TYPES.wasm, file: join(wasmDir(), file) });
  for (const pair of pairs) {
    for (const [variant, dir] of [['dense', pair.denseDir], ['compacted', pair.compactedDir]] as const) {
      const json = modelUrl(pair.network, variant);
      routes.set(json, { type: CONTENT_TYPES.json, file: join(dir, MODEL_JSON) });
      routes.set(json.replace(MODEL_JSON, WEIGHTS_BIN), { type: CONTENT_TYPES.bin, file: join(dir, WEIGHTS_BIN) });
    }
  }
  return routes;
}

export function checkChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: the browser bench runs Debian's Chromium; ` +
      'install it with `apt-get install chromium` (.ci/run does)');
  }
}

/** A running server, browser and page; `close()` stops all three. */
export class BrowserSession {
  private constructor(
    private readonly server: StaticServer,
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly errors: string[],
    readonly backend: PageBackend,
  ) {}

  /** Where the page is served, http://127.0.0.1:PORT. */
  get origin(): string {
    return this.server.origin;
  }

  /** Chromium's version, e.g. "156.0.8078.114". */
  get browserVersion(): string {
    return this.browser.version();
  }

  static async open(pairs: readonly ModelPairDirs[], options: BrowserSessionOptions = {}): Promise<BrowserSession> {
    checkChromium();
    const timeout = options.timeoutMs ?? 120_000;
    const server = await startStaticServer(routesFor(await bundlePage(), pairs));
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'], timeout });
      const page = await browser.newPage();
      page.setDefaultTimeout(timeout);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(`globalThis.${PAGE_GLOBAL} !== undefined`).catch((error: unknown) => {
        throw new Error(`the bench page did not start: ${errors.join('; ') || String(error)}`);
      });
      const backend = await call(page, errors, 'start', '/wasm/');
      const session = new BrowserSession(server, browser, page, errors, backend);
      for (const pair of pairs) {
        await session.call('load', { network: pair.network, dense: modelUrl(pair.network, 'dense'),
          compacted: modelUrl(pair.network, 'compacted') } satisfies ModelPairUrls);
      }
      return session;
    } catch (error) {
      await browser?.close();
      await server.close();
      throw error;
    }
  }

  call<K extends keyof PageApi>(method: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> {
    return call(this.page, this.errors, method, ...args);
  }

  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      await this.server.close();
    }
  }
}

/**
 * Calls one PageApi method with JSON arguments. The call is sent as an expression string, not a function,
 * so nothing the TypeScript loader adds to compiled functions has to exist in the page.
 */
async function call<K extends keyof PageApi>(
  page: Page, errors: string[], method: K, ...args: Parameters<PageApi[K]>
): Promise<Awaited<ReturnType<PageApi[K]>>> {
  const expression = `globalThis.${PAGE_GLOBAL}.${method}(...${JSON.stringify(args)})`;
  try {
    const result: Awaited<ReturnType<PageApi[K]>> = await page.evaluate(expression);
    return result;
  } catch (error) {
    const seen = errors.length > 0 ? ` (page errors: ${errors.join('; ')})` : '';
    throw new Error(`bench page ${method} failed: ${error instanceof Error ? error.message : String(error)}${seen}`);
  }
}
