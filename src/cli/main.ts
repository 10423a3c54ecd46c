#!/usr/bin/env node
// The `cges` command. Each command lives in its own file and adds itself with add<Name>Command.
// A mistake of the user (a CgesError, or a flag commander rejects) prints one line "cges: ..." on
// stderr and exits with code 2 (130 after an interruption); anything else is a bug and keeps its
// stack trace.
// src/cli is the top layer: it may import every other folder.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CgesError } from '../util/errors.js';
import { addCompactCommand } from './compact.js';
import { addCompareCommand } from './compare.js';
import { addEvalCommand } from './eval.js';
import { addReportCommand } from './report.js';
import { addSweepCommand } from './sweep.js';
import { addTrainCommand } from './train.js';
import { addWorkerCommand } from './worker.js';

export function makeProgram(): Command {
  const program = new Command('cges')
    .description('Combined Group and Exclusive Sparsity (CGES) for TensorFlow.js')
    .exitOverride()
    .configureOutput({
      outputError: (message, write) => write(`cges: ${message.replace(/^error: /, '')}`),
    });
  addTrainCommand(program).exitOverride();
  addEvalCommand(program).exitOverride();
  addCompactCommand(program).exitOverride();
  addReportCommand(program).exitOverride();
  addCompareCommand(program).exitOverride();
  addSweepCommand(program).exitOverride();
  addWorkerCommand(program).exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await makeProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CgesError) {
      process.stderr.write(`cges: ${error.message.split('\n')[0]}\n`);
      return error.exitCode;
    }
    // commander has already printed its message; help and version exit 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}

/** True when this file is the program node runs (also through the npm bin symlink). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(realpathSync(script)).href;
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
