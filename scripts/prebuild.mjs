// Puts the oneDNN addon into prebuilds/<platform>-<arch>/ for `npm pack` and `npm publish` (prepack), where
// node-gyp-build finds it in an installed package: no compiler and no install script are needed there, only
// the oneDNN runtime it links against (Debian's libdnnl). build/Release is rebuilt first when native/ or
// binding.gyp is newer. --clean (postpack) removes prebuilds/ again, so that a clone loads build/Release.
// A machine without oneDNN still packs, with a warning: the package then runs on wasm.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const prebuilds = join(root, 'prebuilds');
const built = join(root, 'build', 'Release', 'cges_native.node');

if (process.argv.includes('--clean')) {
  rmSync(prebuilds, { recursive: true, force: true });
  process.exit(0);
}

function newestSource() {
  const sources = [join(root, 'binding.gyp'), ...readdirSync(join(root, 'native')).map((f) => join(root, 'native', f))];
  return Math.max(...sources.map((path) => statSync(path).mtimeMs));
}

if (!existsSync(built) || statSync(built).mtimeMs < newestSource()) {
  spawnSync(process.execPath, [join(root, 'scripts', 'build_native.mjs')], { cwd: root, stdio: 'inherit' });
}
rmSync(prebuilds, { recursive: true, force: true });
if (!existsSync(built)) {
  console.warn('cges: WARNING: this package carries no prebuilt oneDNN addon (the build above failed)');
  process.exit(0);
}
// node-gyp-build's tags: napi (any Node with N-API 8), and the C library it was linked against.
const libc = process.report.getReport().header.glibcVersionRuntime === undefined ? 'musl' : 'glibc';
const target = join(prebuilds, `${process.platform}-${process.arch}`, `cges_native.napi.${libc}.node`);
mkdirSync(dirname(target), { recursive: true });
copyFileSync(built, target);
console.log(`cges: packing the oneDNN addon as ${relative(root, target)}`);
