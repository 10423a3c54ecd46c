// A row of a cli-table3 table as a pattern: the cells in order, each padded by any number of spaces.
export function tableRow(cells: string[]): RegExp {
  const escaped = cells.map((cell) => cell.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`│ *${escaped.join(' *│ *')} *│`);
}
