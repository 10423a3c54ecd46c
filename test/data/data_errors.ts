// Asserting the readers' errors: a CgesError, one line, naming the file at fault.
import assert from 'node:assert/strict';
import { CgesError } from '../../src/util/errors.js';

export async function assertDataError(run: () => unknown, names: string, pattern: RegExp): Promise<void> {
  let thrown: unknown;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof CgesError, `expected a CgesError matching ${pattern}, got ${thrown === undefined ? 'no error' : String(thrown)}`);
  assert.ok(thrown.message.includes(names), `message does not name ${names}: ${thrown.message}`);
  assert.match(thrown.message, pattern);
  assert.ok(!thrown.message.includes('\n'), `message spans lines: ${thrown.message}`);
}
