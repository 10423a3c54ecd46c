// The per-layer table that ends `cges train` and `cges eval`: shape, zero fraction, zero groups and
// alive units of each regularised kernel.
import Table from 'cli-table3';
import type { LayerSparsity } from '../train/metrics.js';

export function layerTable(layers: LayerSparsity[]): string {
  const table = new Table({
    head: ['layer', 'shape', 'zeros', 'non-zero weights', 'zero groups', 'alive units'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right'],
    // No colours: the table also ends up in log files.
    style: { head: [], border: [] },
  });
  for (const layer of layers) {
    table.push([
      layer.name,
      layer.shape.join('x'),
      `${(100 * layer.sparsity).toFixed(2)}%`,
      layer.nonzeros.toLocaleString('en-US'),
      `${layer.zeroGroups}/${layer.totalGroups}`,
      `${layer.aliveUnits}/${layer.totalUnits}`,
    ]);
  }
  return table.toString();
}
