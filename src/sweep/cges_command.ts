// How to start the cges command from inside the package: the compiled bin (dist/src/cli/main.js), or,
// when this file runs as TypeScript, src/cli/main.ts through tsx. Workers are cges processes started this way.
import { fileURLToPath } from 'node:url';

/** The node arguments that run `cges` (append the command's own arguments). */
export function cgesNodeArgs(): string[] {
  const typescript = import.meta.url.endsWith('.ts');
  const main = fileURLToPath(new URL(`../cli/main.${typescript ? 'ts' : 'js'}`, import.meta.url));
  // An absolute URL for tsx, so a worker also starts from a working directory outside the package.
  return typescript ? ['--import', import.meta.resolve('tsx'), main] : [main];
}
