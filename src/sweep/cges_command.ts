// How to start the cges command from inside the package: the compiled bin (dist/src/cli/main.js), or,
// when this file runs as TypeScript, src/cli/main.ts through tsx. Workers are cges processes started this way.
import { fileURLToPath } from 'node:url';

/** The script that is `cges`, and the node options it needs. */
export function cgesScript(): { script: string; execArgv: string[] } {
  const typescript = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(`../cli/main.${typescript ? 'ts' : 'js'}`, import.meta.url));
  // An absolute URL for tsx, so a worker also starts from a working directory outside the package.
  return { script, execArgv: typescript ? ['--import', import.meta.resolve('tsx')] : [] };
}
