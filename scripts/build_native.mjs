// Builds the oneDNN addon when oneDNN's headers are installed; otherwise leaves the package usable on
// the wasm backend and says once how to get the native one. An install must never fail for want of it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const headers = ['/usr/include/dnnl.hpp', '/usr/include/oneapi/dnnl/dnnl.hpp', '/usr/local/include/dnnl.hpp'];
const force = process.argv.includes('--force');

if (!headers.some((path) => existsSync(path))) {
  console.warn('cges: oneDNN headers not found, so the native backend is not built; training uses wasm. ' +
    'Install it with: apt-get install -y libdnnl-dev, then run: npm run build:native');
  process.exit(force ? 1 : 0);
}

const require = createRequire(import.meta.url);
let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  console.warn('cges: node-gyp is not installed, so the native backend is not built; training uses wasm.');
  process.exit(force ? 1 : 0);
}
// Build against the headers of the running Node when it ships them, so that no header download is needed.
const nodeRoot = resolve(dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir ??
  (existsSync(join(nodeRoot, 'include', 'node', 'node.h')) ? nodeRoot : undefined);
const args = [gyp, 'rebuild', '-j', 'max', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (result.status !== 0) {
  console.warn('cges: building the oneDNN addon failed (output above); training falls back to wasm.');
  process.exit(force ? 1 : 0);
}
