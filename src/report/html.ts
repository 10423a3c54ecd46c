// HTML building blocks of the report: escaping and tables. Every text that comes from a run (names,
// settings, layer names) passes through escapeHtml.
// src/report imports src/util, and types from src/train and src/compact, only.

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface TableOptions {
  /** Columns from this index on hold numbers: right-aligned. */
  numericFrom?: number;
  /** A last row set apart, e.g. totals. */
  foot?: string[];
  className?: string;
}

function row(cells: string[], tag: 'td' | 'th', numericFrom: number): string {
  const cell = (text: string, i: number) =>
    `${i >= numericFrom ? `<${tag} class="num">` : `<${tag}>`}${escapeHtml(text)}</${tag}>`;
  return `<tr>${cells.map(cell).join('')}</tr>`;
}

/** A table of plain-text cells. */
export function htmlTable(head: string[], rows: string[][], options: TableOptions = {}): string {
  const numericFrom = options.numericFrom ?? head.length;
  const className = options.className === undefined ? '' : ` class="${escapeHtml(options.className)}"`;
  return [
    `<table${className}>`,
    `<thead>${row(head, 'th', numericFrom)}</thead>`,
    `<tbody>${rows.map((cells) => row(cells, 'td', numericFrom)).join('\n')}</tbody>`,
    options.foot === undefined ? '' : `<tfoot>${row(options.foot, 'td', numericFrom)}</tfoot>`,
    '</table>',
  ].join('\n');
}

/** A two-column table of names and values, e.g. a run's settings. */
export function keyValueTable(entries: [string, string][], className = 'pairs'): string {
  return `<table class="${escapeHtml(className)}">\n` +
    entries.map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n') +
    '\n</table>';
}
