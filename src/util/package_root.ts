// The package's root folder, found from this file whether it runs from src/ (tsx) or dist/src/ (tsc).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cges: cannot find the package root (no package.json above this file)');
    dir = parent;
  }
  root = dir;
  return root;
}
