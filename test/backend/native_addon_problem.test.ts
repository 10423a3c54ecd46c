// The notice's fix commands: the Debian package of a missing library (checked against real Debian package
// names), glibc's dlopen wording, and which build commands a clone and an installed package are told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packagePlace } from '../../src/backend/native_addon.js';
import {
  buildCommands, debianPackageOf, describeAddonProblem, missingLibrary,
} from '../../src/backend/native_addon_problem.js';

// glibc's message when a library the addon needs is not installed (node's require error, first line).
const DLOPEN = '/p/node_modules/cges/prebuilds/linux-x64/cges_native.napi.glibc.node: libdnnl.so.2: cannot ' +
  'open shared object file: No such file or directory';

test('Debian package names from sonames', () => {
  assert.equal(debianPackageOf('libdnnl.so.2'), 'libdnnl2');
  assert.equal(debianPackageOf('libdnnl.so.3'), 'libdnnl3');
  assert.equal(debianPackageOf('libgomp.so.1'), 'libgomp1');
  assert.equal(debianPackageOf('libstdc++.so.6'), 'libstdc++6');
  assert.equal(debianPackageOf('libnghttp2.so.14'), 'libnghttp2-14');
  assert.equal(debianPackageOf('libdnnl.so'), undefined);
});

test('the missing library is read from the dynamic loader\'s message only', () => {
  assert.equal(missingLibrary(DLOPEN), 'libdnnl.so.2');
  assert.equal(missingLibrary('/p/x.node: invalid ELF header'), undefined);
});

test('a clone is told npm run build:native; an installed package the bin and npm 11\'s approval', () => {
  assert.equal(packagePlace(), 'clone');
  assert.match(buildCommands('clone'), /^"apt-get install -y libdnnl-dev g\+\+ make python3" then "npm run build:native"$/);
  const installed = buildCommands('installed');
  assert.match(installed, /"npx cges-build-native"/);
  assert.match(installed, /"npm install-scripts approve cges" then "npm rebuild cges"/);
  assert.doesNotMatch(installed, /build:native/);
});

test('each problem names its fix', () => {
  const missing = describeAddonProblem({ kind: 'missing', platform: 'linux-arm64' }, 'installed');
  assert.match(missing, /^no oneDNN addon for linux-arm64 \(none prebuilt, none built\); build it with "apt-get/);
  const file = 'prebuilds/linux-x64/cges_native.napi.glibc.node';
  const noLibrary = describeAddonProblem({ kind: 'load-failed', file, error: DLOPEN }, 'installed');
  assert.match(noLibrary, /\(prebuilds\/linux-x64\/cges_native\.napi\.glibc\.node\) cannot load, libdnnl\.so\.2 is not/);
  assert.match(noLibrary, /install it with "apt-get install -y libdnnl2", or build the addon .*"npx cges-build-native"/);
  const broken = describeAddonProblem({ kind: 'load-failed', file, error: '/p/x.node: invalid ELF header' }, 'clone');
  assert.match(broken, /failed to load: \/p\/x\.node: invalid ELF header; rebuild it with .*"npm run build:native"$/);
});
