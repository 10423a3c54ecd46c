// The report page of a compare or sweep, checked in headless Chromium (/usr/bin/chromium, which .ci/run
// installs; not a test file itself): every chart and zero-pattern picture drawn as non-empty SVG, one
// overview row per run, the zero patterns of the run expected, and no request but the page itself.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export interface ExpectedPage {
  /** The runs in overview order. */
  runs: string[];
  /** The run whose kernels are drawn, and how many layers it has. */
  patternRun: string;
  layers: number;
}

export async function checkReportPage(path: string, expected: ExpectedPage): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const url = pathToFileURL(path).href;
    await page.goto(url);
    assert.deepEqual(requests, [url]);
    const svgs = await page.$$eval('figure svg', (all) => all.map((svg) => {
      const box = svg.getBoundingClientRect();
      return {
        figure: svg.closest('figure')?.id ?? '', pattern: svg.classList.contains('zero-pattern'),
        width: box.width, height: box.height, marks: svg.querySelectorAll('path, rect, line, text').length,
        // The background and frame rects, and a path per other shade.
        cells: svg.querySelectorAll('g rect, g path').length,
      };
    }));
    for (const svg of svgs) {
      assert.ok(svg.width > 0 && svg.height > 0 && svg.marks > 0, `figure ${svg.figure}: ${JSON.stringify(svg)}`);
    }
    const charts = svgs.filter((svg) => !svg.pattern).map((svg) => svg.figure);
    for (const id of ['accuracy', 'cost', 'tradeoff', 'run1-sparsity', 'run1-units']) assert.ok(charts.includes(id), id);
    // Every figure holds its SVG: none fell back to a note.
    assert.equal(await page.locator('figure p.empty').count(), 0);
    const patterns = svgs.filter((svg) => svg.pattern);
    assert.equal(patterns.length, expected.layers);
    for (const pattern of patterns) assert.ok(pattern.cells >= 2, `${pattern.figure} draws its cells`);
    const heading = await page.locator('#zero-patterns h2').textContent();
    assert.equal(heading, `Zero patterns of ${expected.patternRun}'s kernels`);
    const rows = await page.$$eval('table.overview tbody tr', (trs) => trs.map((tr) => tr.querySelector('td')?.textContent ?? ''));
    assert.deepEqual(rows, expected.runs);
  } finally {
    await browser.close();
  }
}
