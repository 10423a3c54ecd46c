// The bench page's script as one ESM bundle, built in memory by esbuild from page.ts: TF.js core, layers
// and the wasm backend from node_modules, plus the src/compact functions it reuses. The one Node import
// on that path, node:perf_hooks (src/compact/throughput.ts), becomes the browser's own `performance`.
import { build, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';

const PAGE_ENTRY = fileURLToPath(new URL('./page.ts', import.meta.url));

const browserPerfHooks: Plugin = {
  name: 'browser-perf-hooks',
  setup(on) {
    on.onResolve({ filter: /^(node:)?perf_hooks$/ }, () => ({ path: 'perf_hooks', namespace: 'browser-shim' }));
    on.onLoad({ filter: /.*/, namespace: 'browser-shim' }, () => ({
      contents: 'export const performance = globalThis.performance;', loader: 'js',
    }));
  },
};

export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [PAGE_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [browserPerfHooks],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no bundle for the bench page');
  return output.text;
}
