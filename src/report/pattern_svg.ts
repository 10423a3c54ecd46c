// A zero-pattern picture as inline SVG, written directly (a Vega heatmap would write one element per cell):
// the cells in cell units under one scale, shaded by their share of non-zero weights in SHADES steps, each
// step one path of horizontal runs, so a picture of MAX_CELLS a side stays a few hundred kilobytes at worst
// and a few at best. White is a block with no non-zero weight; the darkest, one with no zero.
// src/report imports src/util, and types from src/train and src/compact, only.
import { escapeHtml } from './html.js';
import type { BlockShares } from './zero_pattern.js';

/** Shades a share is drawn in: a block with any non-zero weight is drawn, at ceil(share * SHADES) / SHADES. */
export const SHADES = 8;
const INK = '#1f3b73';
/** The picture's longer side in pixels, and the largest a cell is drawn. */
const SIDE = 360;
const MAX_CELL = 12;
const MARGIN = { left: 22, top: 22, bottom: 18 };

/** The shade of a share: 0 for none, else 1..SHADES. */
export function shadeOf(share: number): number {
  return share <= 0 ? 0 : Math.min(SHADES, Math.ceil(share * SHADES));
}

/** One path's data per shade (index 1..SHADES): "M{c} {r}h{n}v1h-{n}z" for each run of equal shade in a row. */
export function shadePaths(grid: BlockShares): string[] {
  const paths = Array.from({ length: SHADES + 1 }, () => '');
  for (let r = 0; r < grid.rows; r++) {
    let c = 0;
    while (c < grid.cols) {
      const shade = shadeOf(grid.shares[r * grid.cols + c]);
      let end = c + 1;
      while (end < grid.cols && shadeOf(grid.shares[r * grid.cols + end]) === shade) end++;
      if (shade > 0) paths[shade] += `M${c} ${r}h${end - c}v1h${c - end}z`;
      c = end;
    }
  }
  return paths;
}

export interface PatternLabels {
  /** What a row and a column are, with their counts ("input units (784)"). */
  rows: string;
  cols: string;
}

export function patternSvg(grid: BlockShares, labels: PatternLabels): string {
  const cell = Math.min(MAX_CELL, SIDE / Math.max(grid.rows, grid.cols));
  const width = grid.cols * cell;
  const height = grid.rows * cell;
  const totalWidth = Math.max(MARGIN.left + width, 240);
  const totalHeight = MARGIN.top + height + MARGIN.bottom;
  const shades = shadePaths(grid).flatMap((d, shade) => (d === '' ? [] :
    [`<path fill="${INK}" fill-opacity="${(shade / SHADES).toFixed(3)}" d="${d}"/>`]));
  const px = (x: number) => x.toFixed(1);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="zero-pattern" width="${px(totalWidth)}" height="${px(totalHeight)}" ` +
      `viewBox="0 0 ${px(totalWidth)} ${px(totalHeight)}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<text x="${MARGIN.left}" y="14">columns: ${escapeHtml(labels.cols)}</text>`,
    `<text transform="translate(14 ${px(MARGIN.top + height)}) rotate(-90)">rows: ${escapeHtml(labels.rows)}</text>`,
    `<g transform="translate(${MARGIN.left} ${MARGIN.top}) scale(${cell.toFixed(4)})" shape-rendering="crispEdges">`,
    `<rect width="${grid.cols}" height="${grid.rows}" fill="#fff" stroke="#999" vector-effect="non-scaling-stroke"/>`,
    ...shades,
    '</g>',
    `<text x="${MARGIN.left}" y="${px(MARGIN.top + height + 13)}" fill="#555">` +
      `${grid.rows} x ${grid.cols} cells, each ${grid.blockRows} x ${grid.blockCols} weights</text>`,
    '</svg>',
  ].join('\n');
}
