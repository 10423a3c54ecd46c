// The package as a user installs it: `npm pack` here (prepack puts the addon into prebuilds/), then
// `npm install <tarball>` into an empty project with install scripts off (npm 11 skips them until approved),
// and `selectBackend()` imported from 'cges' in a child process there must give onednn from the prebuild.
// Then the prebuild's libdnnl dependency is renamed to a soname no machine has, as on a machine without
// libdnnl: the child must fall back to wasm with one notice naming the apt package and the build commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeAddonPath } from '../../src/backend/native_addon.js';
import { packageRoot } from '../../src/util/package_root.js';

const skip = nativeAddonPath() === null ? 'the oneDNN addon is not built here, so there is nothing to prebuild' : false;

// Without npm's own variables (npm test sets the local prefix and lifecycle to this checkout's).
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) =>
  !/^npm_/i.test(name) && name !== 'INIT_CWD'));

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 180_000 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

// The backend and the notices, as a user's module sees them.
const CHILD = `
import { selectBackend } from 'cges';
const notices = [];
const backend = await selectBackend(undefined, { notice: (line) => notices.push(line) });
console.log(JSON.stringify({ backend, notices }));
`;

function backendIn(project: string): { backend: string; notices: string[] } {
  const { stdout } = run(process.execPath, ['--input-type=module', '-e', CHILD], project);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { backend: string; notices: string[] };
}

test('a packed and installed cges selects onednn from its prebuild, and says how to fix a missing libdnnl',
  { skip }, (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cges-install-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    run('npm', ['pack', '--pack-destination', dir], packageRoot());
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball !== undefined, 'npm pack wrote no tarball');
    assert.ok(!existsSync(join(packageRoot(), 'prebuilds')), 'postpack leaves no prebuilds/ in the checkout');

    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
    run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(dir, tarball)],
      project);
    const installed = join(project, 'node_modules', 'cges');
    assert.ok(!existsSync(join(installed, 'build')), 'nothing was built at install');
    const platform = join(installed, 'prebuilds', `${process.platform}-${process.arch}`);
    const prebuilds = readdirSync(platform).filter((name) => name.endsWith('.node'));
    assert.equal(prebuilds.length, 1, `one prebuild in ${platform}`);

    assert.deepEqual(backendIn(project), { backend: 'onednn', notices: [] });

    // The same binary needing libdnnl.so.9 instead (same length, so the ELF stays valid).
    const prebuild = join(platform, prebuilds[0]);
    const binary = readFileSync(prebuild);
    const needed = /libdnnl\.so\.\d\0/.exec(binary.toString('latin1'));
    assert.ok(needed !== null, 'the prebuild links libdnnl dynamically');
    assert.notEqual(needed[0], 'libdnnl.so.9\0', 'this machine already has the renamed soname');
    binary.write('libdnnl.so.9', needed.index, 'latin1');
    writeFileSync(prebuild, binary);
    const { backend, notices } = backendIn(project);
    assert.equal(backend, 'wasm');
    assert.equal(notices.length, 1, 'one notice');
    assert.match(notices[0], /slower wasm backend: .*libdnnl\.so\.9 is not installed: .*"apt-get install -y libdnnl9"/);
    assert.match(notices[0], /"npx cges-build-native".*"npm install-scripts approve cges" then "npm rebuild cges"/);
  });
