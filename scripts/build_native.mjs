#!/usr/bin/env node
// Builds the oneDNN addon into build/Release with node-gyp: `npm run build:native` in a clone, the
// `cges-build-native` bin (`npx cges-build-native`) in a project that installed the package.
// --if-needed is the package's install script: it keeps a prebuilt addon that loads (the published package
// ships one in prebuilds/), and it never fails an install: without oneDNN the package still runs on wasm.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ifNeeded = process.argv.includes('--if-needed');
const require = createRequire(import.meta.url);
const installed = root.split(sep).includes('node_modules');
const buildCommand = installed ? 'npx cges-build-native' : 'npm run build:native';

function giveUp(reason) {
  console.warn(`cges: ${reason}, so the oneDNN addon is not built; training uses wasm.`);
  process.exit(ifNeeded ? 0 : 1);
}

// In the install script, a prebuild that loads is all the package needs (a local build/Release is rebuilt).
if (ifNeeded && !existsSync(join(root, 'build', 'Release'))) {
  let prebuild;
  try {
    prebuild = require('node-gyp-build').path(root);
  } catch {
    // None for this platform (or a clone): build one.
  }
  if (prebuild !== undefined) {
    try {
      require(prebuild);
      console.log(`cges: using the prebuilt oneDNN addon ${relative(root, prebuild)}`);
      process.exit(0);
    } catch (error) {
      console.log(`cges: the prebuilt oneDNN addon cannot load (${error.message.split('\n')[0]}); building one`);
    }
  }
}

const headers = ['/usr/include/dnnl.hpp', '/usr/include/oneapi/dnnl/dnnl.hpp', '/usr/local/include/dnnl.hpp'];
if (!headers.some((path) => existsSync(path))) {
  giveUp('oneDNN headers not found (install them with "apt-get install -y libdnnl-dev g++ make python3", ' +
    `then run "${buildCommand}")`);
}

// node-gyp is a devDependency of a clone; an installed package uses the copy bundled with npm, which npm names
// in npm_config_node_gyp for install scripts and for `npx`.
let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  gyp = process.env.npm_config_node_gyp;
}
if (gyp === undefined || !existsSync(gyp)) giveUp(`node-gyp is not found (run "${buildCommand}" through npm)`);

// Build against the headers of the running Node when it ships them, so that no header download is needed.
const nodeRoot = resolve(dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir ??
  (existsSync(join(nodeRoot, 'include', 'node', 'node.h')) ? nodeRoot : undefined);
const args = [gyp, 'rebuild', '-j', 'max', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (result.status !== 0) giveUp('node-gyp failed (output above)');
