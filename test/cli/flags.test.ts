import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseChoice, parseInteger, parseNumber, parseNumberList, parsePositiveInteger, parsePositiveNumber,
} from '../../src/cli/flags.js';
import { CgesError } from '../../src/util/errors.js';

const fails = (f: () => unknown, message: string) =>
  assert.throws(f, (e: unknown) => e instanceof CgesError && e.message === message);

test('numbers parse with their bounds, and a bad one names the flag and the input', () => {
  assert.equal(parseNumber('--lambda', '6e-5', { min: 0 }), 6e-5);
  assert.equal(parseNumber('--mu', '1', { min: 0, max: 1 }), 1);
  fails(() => parseNumber('--mu', '1.01', { min: 0, max: 1 }), '--mu must be a number in [0, 1], got "1.01"');
  fails(() => parseNumber('--lambda', '', { min: 0 }), '--lambda must be a number >= 0, got ""');
  fails(() => parseNumber('--chvar', 'Infinity'), '--chvar must be a number, got "Infinity"');
  fails(() => parsePositiveNumber('--base-lr', '0'), '--base-lr must be a number > 0, got "0"');
});

test('integers and lists', () => {
  assert.equal(parsePositiveInteger('--iterations', '3000'), 3000);
  fails(() => parsePositiveInteger('--iterations', '-3'), '--iterations must be a positive integer, got "-3"');
  fails(() => parsePositiveInteger('--iterations', '1e400'), '--iterations must be a positive integer, got "1e400"');
  assert.equal(parseInteger('--seed', '-7'), -7);
  fails(() => parseInteger('--seed', '0.5'), '--seed must be an integer, got "0.5"');
  assert.deepEqual(parseNumberList('--gscale', '1, 0.5,15'), [1, 0.5, 15]);
  fails(() => parseNumberList('--gscale', '1,,2'), '--gscale must be comma-separated numbers >= 0, got "1,,2"');
  assert.equal(parseChoice('--grouping', 'output', ['input', 'output']), 'output');
  fails(() => parseChoice('--grouping', 'row', ['input', 'output']), '--grouping must be one of input, output, got "row"');
});
