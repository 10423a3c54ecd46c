// Runs bench/pytorch_step.py, the same CGES training step in PyTorch, with the first Python that can
// import torch (the pyenv `python3` on PATH often cannot; Debian's python3-torch lives in /usr/bin).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./pytorch_step.py', import.meta.url));
const INTERPRETERS = ['python3', '/usr/bin/python3'];

export interface PytorchNetworkResult {
  samples_per_s: number;
  step_ms: number;
  prox_ms: number;
  prox_share: number;
}

export interface PytorchAvailable {
  available: true;
  interpreter: string;
  torch: string;
  threads: number;
  networks: Record<string, PytorchNetworkResult>;
}

export type PytorchResults = PytorchAvailable | { available: false; reason: string };

export interface PytorchRunOptions {
  networks: readonly string[];
  threads: number;
  quick: boolean;
}

/** The first interpreter in which `import torch` works, or undefined. */
export function findTorchInterpreter(): string | undefined {
  return INTERPRETERS.find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

export function runPytorchReference(options: PytorchRunOptions): PytorchResults {
  const interpreter = findTorchInterpreter();
  if (interpreter === undefined) {
    return { available: false, reason: `PyTorch was not found (tried ${INTERPRETERS.join(', ')}; apt-get install python3-torch)` };
  }
  const args = [SCRIPT, '--networks', options.networks.join(','), '--threads', String(options.threads)];
  if (options.quick) args.push('--warmup', '2', '--repeats', '3', '--steps', '2');
  const run = spawnSync(interpreter, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) {
    const why = run.error?.message ?? run.stderr.trim().split('\n').pop() ?? `exit ${String(run.status)}`;
    return { available: false, reason: `the PyTorch script failed: ${why}` };
  }
  const parsed = JSON.parse(run.stdout) as PytorchResults;
  return parsed.available ? { ...parsed, interpreter } : parsed;
}

/** One result from runs of a network each; the first failure stands for all when any failed. */
export function mergePytorchRuns(runs: readonly PytorchResults[]): PytorchResults {
  const available: PytorchAvailable[] = [];
  for (const run of runs) {
    if (!run.available) return run;
    available.push(run);
  }
  if (available.length === 0) return { available: false, reason: 'PyTorch was not run' };
  return { ...available[0], networks: Object.fromEntries(available.flatMap((run) => Object.entries(run.networks))) };
}
