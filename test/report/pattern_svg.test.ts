// The zero-pattern picture: shades by hand-computed shares, horizontal runs of one shade merged into one
// path segment, and a standalone SVG with both axes named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patternSvg, shadeOf, shadePaths, SHADES } from '../../src/report/pattern_svg.js';

// 2 x 3 cells: shares 0.5, 0.5, 1 / 0, 0.1, 0.1.
const grid = { rows: 2, cols: 3, blockRows: 2, blockCols: 4, shares: Float64Array.from([0.5, 0.5, 1, 0, 0.1, 0.1]) };

test('shades: none for 0, else ceil(share * 8)', () => {
  assert.equal(SHADES, 8);
  assert.deepEqual([0, 0.01, 0.125, 0.126, 0.5, 0.99, 1].map(shadeOf), [0, 1, 1, 2, 4, 8, 8]);
});

test('one path per shade, one segment per run of equal shade in a row; empty cells drawn by none', () => {
  const paths = shadePaths(grid);
  assert.equal(paths[4], 'M0 0h2v1h-2z');
  assert.equal(paths[8], 'M2 0h1v1h-1z');
  assert.equal(paths[1], 'M1 1h2v1h-2z');
  assert.deepEqual(paths.flatMap((d, shade) => (d === '' ? [] : [shade])), [1, 4, 8]);
});

test('the picture: an svg with its cells, the blocks they stand for, and what rows and columns are', () => {
  const svg = patternSvg(grid, { rows: 'input units (4)', cols: 'output units (12)' });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="zero-pattern" width="[\d.]+" height="[\d.]+"/);
  assert.equal((svg.match(/<path /g) ?? []).length, 3);
  assert.match(svg, /<path fill="#1f3b73" fill-opacity="0\.500" d="M0 0h2v1h-2z"\/>/);
  assert.match(svg, />columns: output units \(12\)<\/text>/);
  assert.match(svg, />rows: input units \(4\)<\/text>/);
  assert.match(svg, />2 x 3 cells, each 2 x 4 weights<\/text>/);
  assert.ok(svg.endsWith('</svg>'));
});
