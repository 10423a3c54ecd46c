// A Vega-Lite spec rendered to an SVG string in Node: compiled to Vega, run in a headless View (no canvas,
// no DOM), serialised by Vega's SVG string renderer. Data must be inline values: nothing is fetched.
// src/report imports src/util, and types from src/train and src/compact, only (plus vega and vega-lite).
import { Error as VEGA_LOG_ERROR, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Vega numbers clip paths and gradients with a process-wide counter, so two charts inlined in one page
 * could share an id, and the same report would come out different after other renders. Each chart's ids
 * are renumbered from 1 under the chart's own prefix instead.
 */
function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const [, id] of svg.matchAll(/\bid="([^"]+)"/g)) {
    if (!ids.has(id)) ids.set(id, `${prefix}-${ids.size + 1}`);
  }
  const renamed = (id: string) => ids.get(id) ?? id;
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${renamed(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${renamed(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${renamed(id)}"`);
}

/** The chart as standalone SVG markup; `id` (unique within the page) names its internal ids. */
export async function renderSvg(spec: TopLevelSpec, id: string): Promise<string> {
  // Warnings (e.g. an empty extent) would go to the console of whoever renders; the report notes empty
  // series itself.
  const view = new View(parse(compile(spec).spec), { renderer: 'none', logLevel: VEGA_LOG_ERROR });
  try {
    return renumberIds(await view.toSVG(), id);
  } finally {
    view.finalize();
  }
}
