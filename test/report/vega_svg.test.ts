// Charts inlined in one page: each chart's SVG ids are its own, and the same spec renders the same SVG
// whatever was rendered before it in the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../../src/report/vega_svg.js';

// A clipped mark makes Vega write a clipPath with an id from its process-wide counter.
const CLIPPED: TopLevelSpec = {
  data: { values: [{ x: 0, y: 1 }, { x: 1, y: 3 }] },
  mark: { type: 'line', clip: true },
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
};

test('ids are renumbered under the chart\'s prefix, and references follow them', async () => {
  const first = await renderSvg(CLIPPED, 'one');
  const second = await renderSvg(CLIPPED, 'two');
  assert.match(first, /<clipPath id="one-1">/);
  assert.match(first, /clip-path="url\(#one-1\)"/);
  assert.match(second, /<clipPath id="two-1">/);
  assert.equal(second, first.replaceAll('one-1', 'two-1'), 'the same chart comes out the same');
  assert.doesNotMatch(first + second, /id="clip\d+"|url\(#clip\d+\)/);
});
