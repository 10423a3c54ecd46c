// The zero-pattern picture: shades by hand-computed shares, the commonest one as the background, horizontal
// runs of one shade merged into one path segment, and a standalone SVG with both axes named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonestShade, patternSvg, shadeColor, shadeOf, shadePaths, SHADES } from '../../src/report/pattern_svg.js';

// 2 x 3 cells: shares 0.5, 0.5, 1 / 0, 0.1, 0.1.
const grid = { rows: 2, cols: 3, blockRows: 2, blockCols: 4, shares: Float64Array.from([0.5, 0.5, 1, 0, 0.1, 0.1]) };

test('shades: none for 0, else ceil(share * 8)', () => {
  assert.equal(SHADES, 8);
  assert.deepEqual([0, 0.01, 0.125, 0.126, 0.5, 0.99, 1].map(shadeOf), [0, 1, 1, 2, 4, 8, 8]);
});

test('shade colours: white, the ink, and mixed between (each channel 255 + (ink - 255) * shade / 8)', () => {
  // Ink #1f3b73 = (31, 59, 115); shade 4: (143, 157, 185) = #8f9db9; shade 1: (227, 230.5, 237.5), rounded half up.
  assert.deepEqual([0, 1, 4, 8].map(shadeColor), ['#ffffff', '#e3e7ee', '#8f9db9', '#1f3b73']);
});

test('one path per shade but the commonest (the background), one segment per run of equal shade in a row', () => {
  // Shades 4 4 8 / 0 1 1: shade 4 and 1 tie with two cells each; the first of them, 1, is the background.
  assert.equal(commonestShade(Uint8Array.from([4, 4, 8, 0, 1, 1])), 1);
  const paths = shadePaths(grid, 1);
  assert.equal(paths[4], 'M0 0h2v1h-2z');
  assert.equal(paths[8], 'M2 0h1v1h-1z');
  assert.equal(paths[0], 'M0 1h1v1h-1z');
  assert.deepEqual(paths.flatMap((d, shade) => (d === '' ? [] : [shade])), [0, 4, 8]);
  // With white as the background, the empty cell is not drawn and the shade-1 run is.
  assert.deepEqual(shadePaths(grid, 0).flatMap((d, shade) => (d === '' ? [] : [shade])), [1, 4, 8]);
});

test('the picture: an svg with its cells, the blocks they stand for, and what rows and columns are', () => {
  const svg = patternSvg(grid, { rows: 'input units (4)', cols: 'output units (12)' });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="zero-pattern" width="[\d.]+" height="[\d.]+"/);
  // Background shade 1, then the white cell and shades 4 and 8.
  assert.match(svg, /<rect width="3" height="2" fill="#e3e7ee"\/>/);
  assert.equal((svg.match(/<path /g) ?? []).length, 3);
  assert.match(svg, /<path fill="#ffffff" d="M0 1h1v1h-1z"\/>/);
  assert.match(svg, /<path fill="#8f9db9" d="M0 0h2v1h-2z"\/>/);
  assert.match(svg, />columns: output units \(12\)<\/text>/);
  assert.match(svg, />rows: input units \(4\)<\/text>/);
  assert.match(svg, />2 x 3 cells, each 2 x 4 weights<\/text>/);
  assert.ok(svg.endsWith('</svg>'));
});
