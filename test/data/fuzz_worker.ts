// The fuzz script's child process: runs the cases its parent sends ({format, seed}) one at a time and
// reports each result, so the parent can time out a hang or notice a crash and name the case.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FUZZ_FORMATS, runFuzzCase } from './fuzz_cases.js';
import { tempDir } from './idx_files.js';
import type { DataFormat } from '../../src/data/dataset.js';

const root = tempDir();

process.on('message', (message: { format: DataFormat; seed: number }) => {
  if (!FUZZ_FORMATS.includes(message.format)) throw new Error(`unknown format ${message.format}`);
  runFuzzCase(message.format, message.seed, join(root, `${message.format}-${message.seed}`)).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ ...message, mutation: '?', outcome: 'failed', detail: `case setup threw ${String(error)}` }),
  );
});
process.on('disconnect', () => {
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
});
