// Reading Vega's SVG output in tests: the data marks of a kind, and the texts of a role (axis titles,
// legend labels). Vega writes each mark set as <g class="mark-<type> role-<role> ..."> holding one element
// per item, with no nested groups.

function groups(svg: string, type: string, role: string): string[] {
  const pattern = new RegExp(`<g class="mark-${type} role-${role}\\b[^"]*"[^>]*>(.*?)</g>`, 'gs');
  return [...svg.matchAll(pattern)].map((match) => match[1]);
}

/** How many data marks of `type` (symbol, line, rect, text) the chart draws. */
export function markCount(svg: string, type: string, element = 'path'): number {
  const items = new RegExp(`<${element}\\b`, 'g');
  return groups(svg, type, 'mark').reduce((sum, body) => sum + (body.match(items) ?? []).length, 0);
}

/** The texts of a role, e.g. 'axis-title' or 'legend-label', in document order (entities decoded). */
export function texts(svg: string, role: string): string[] {
  return groups(svg, 'text', role).flatMap((body) =>
    [...body.matchAll(/<text\b[^>]*>(.*?)<\/text>/gs)].map((match) => decode(match[1])));
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
