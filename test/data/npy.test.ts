// The .npy parser: every dtype and version read back exactly, and every malformed header refused.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npyValues, parseNpy, readNpy } from '../../src/data/npy.js';
import { assertDataError } from './data_asserts.js';
import { npyBytes } from './dataset_files.js';
import { tempDir } from './idx_files.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true }));

const SAMPLES: Record<string, number[]> = {
  f4: [0, -1.5, 3.25, 1e-3], f8: [0, -1.5, Math.PI, 1e300], u1: [0, 255, 7], i1: [-128, 127, 0], u2: [65535, 1], i2: [-32768, 5],
  u4: [4294967295, 0], i4: [-2147483648, 2147483647], u8: [2 ** 53 - 1, 0], i8: [-(2 ** 53 - 1), 42],
};

for (const [type, values] of Object.entries(SAMPLES)) {
  for (const order of type.endsWith('1') ? ['|'] : ['<', '>']) {
    test(`dtype ${order}${type} reads back exactly`, () => {
      const array = parseNpy('a.npy', npyBytes(`${order}${type}`, [values.length], values));
      const expected = type === 'f4' ? values.map(Math.fround) : values;
      assert.deepEqual([...npyValues(array, new Float64Array(values.length))], expected);
    });
  }
}

test('versions 2.0 and 3.0, shapes (), (n,) and (a, b, c)', () => {
  for (const version of [2, 3] as const) {
    const array = parseNpy('a.npy', npyBytes('<f4', [2, 1, 2], [1, 2, 3, 4], { version }));
    assert.deepEqual(array.shape, [2, 1, 2]);
  }
  assert.deepEqual(parseNpy('s.npy', npyBytes('<i4', [], [7])).shape, []);
  const path = join(dir, 'v.npy');
  writeFileSync(path, npyBytes('|u1', [3], [1, 2, 3]));
  assert.deepEqual(readNpy(path).shape, [3]);
});

test('header keys in any order, double quotes, no trailing comma', () => {
  const header = `{"shape": (2,), "fortran_order": False, "descr": "<i2"}`;
  assert.deepEqual(parseNpy('a.npy', npyBytes('<i2', [2], [1, 2], { header })).shape, [2]);
});

const BAD_HEADERS: [string, RegExp][] = [
  [`{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }`, /Fortran order/],
  [`{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }`, /dtype '<c8' is not supported/],
  [`{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }`, /float16\) is not supported/],
  [`{'descr': '=i4', 'fortran_order': False, 'shape': (2,), }`, /native byte order/],
  [`{'descr': '<u1', 'fortran_order': False, 'shape': (2,), }`, /byte order '<' for a 1-byte type/],
  [`{'descr': '<f4', 'shape': (2,), }`, /needs 'descr', 'fortran_order' and 'shape'/],
  [`{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}`, /unexpected key 'extra'/],
  [`{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}`, /key 'descr' twice/],
  [`{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}`, /expected True or False/],
  [`{'descr': '<f4', 'fortran_order': False, 'shape': (2L,)}`, /expected ","/],
  [`{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}`, /non-negative integer dimension/],
  [`{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x`, /followed only by spaces and a newline/],
  [`{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}`, /at character 17 \(expected ","\)/],
];

for (const [header, pattern] of BAD_HEADERS) {
  test(`strict header: ${header}`, async () => {
    await assertDataError(() => parseNpy('bad.npy', npyBytes('<f4', [2], [1, 2], { header })), 'NumPy file bad.npy', pattern);
  });
}

test('magic, version, lengths', async () => {
  const good = npyBytes('<f4', [2], [1, 2]);
  await assertDataError(() => parseNpy('m.npy', Buffer.from('PK\u0003\u0004 a zip file, say')), 'm.npy', /does not start with the .npy magic/);
  const v4 = Buffer.from(good);
  v4[6] = 4;
  await assertDataError(() => parseNpy('v.npy', v4), 'v.npy', /format version 4.0 is not 1.0, 2.0 or 3.0/);
  await assertDataError(() => parseNpy('h.npy', good.subarray(0, 40)), 'h.npy', /truncated: its header needs \d+ bytes, file has 40/);
  await assertDataError(() => parseNpy('d.npy', good.subarray(0, good.length - 1)), 'd.npy', /shape \(2\) of <f4 needs 8 bytes of data, file has 7/);
  await assertDataError(() => parseNpy('e.npy', Buffer.concat([good, Buffer.from([0])])), 'e.npy', /needs 8 bytes of data, file has 9/);
  const latin = npyBytes('<f4', [2], [1, 2], { header: `{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} \u00e9` });
  await assertDataError(() => parseNpy('l.npy', latin), 'l.npy', /not ASCII/);
  const huge = npyBytes('<f8', [2 ** 40, 2 ** 12], [], {});
  await assertDataError(() => parseNpy('huge.npy', huge), 'huge.npy', /needs 36028797018963970 bytes of data, file has 0/);
});
