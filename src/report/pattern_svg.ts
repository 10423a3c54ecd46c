// A zero-pattern picture as inline SVG, written directly (a Vega heatmap would write one element per cell):
// the cells in cell units under one scale, shaded by their share of non-zero weights in SHADES steps. The
// commonest shade is the background; each other one is one path of horizontal runs, so a picture of
// MAX_CELLS a side stays a couple of hundred kilobytes at worst and a few at best. White is a block with no
// non-zero weight; the darkest, one with no zero.
// src/report imports src/util, and types from src/train and src/compact, only.
import { escapeHtml } from './html.js';
import type { BlockShares } from './zero_pattern.js';

/** Shades a share is drawn in: a block with any non-zero weight is drawn, at ceil(share * SHADES) / SHADES. */
export const SHADES = 8;
/** The darkest shade (#1f3b73), as RGB. */
const INK = [0x1f, 0x3b, 0x73];
/** The picture's longer side in pixels, and the largest a cell is drawn. */
const SIDE = 360;
const MAX_CELL = 12;
/** The shortest side in pixels. */
const MIN_SIDE = 48;
const MARGIN = { left: 22, top: 22, bottom: 18 };

/** The shade of a share: 0 for none, else 1..SHADES. */
export function shadeOf(share: number): number {
  return share <= 0 ? 0 : Math.min(SHADES, Math.ceil(share * SHADES));
}

/** The shade of every cell, row-major. */
function cellShades(grid: BlockShares): Uint8Array {
  return Uint8Array.from(grid.shares, shadeOf);
}

/** The shade most cells have: drawn once, as the background. */
export function commonestShade(shades: Uint8Array): number {
  const counts = new Array<number>(SHADES + 1).fill(0);
  for (const shade of shades) counts[shade]++;
  return counts.indexOf(Math.max(...counts));
}

/**
 * One path's data per shade (index 0..SHADES): "M{c} {r}h{n}v1h-{n}z" for each run of equal shade in a
 * row; the background shade's stays empty.
 */
export function shadePaths(grid: BlockShares, background: number): string[] {
  const shades = cellShades(grid);
  const paths = Array.from({ length: SHADES + 1 }, () => '');
  for (let r = 0; r < grid.rows; r++) {
    let c = 0;
    while (c < grid.cols) {
      const shade = shades[r * grid.cols + c];
      let end = c + 1;
      while (end < grid.cols && shades[r * grid.cols + end] === shade) end++;
      if (shade !== background) paths[shade] += `M${c} ${r}h${end - c}v1h${c - end}z`;
      c = end;
    }
  }
  return paths;
}

/**
 * The fill of a shade: white for 0, the ink for SHADES, mixed in between. Opaque, since the shade paths are
 * drawn over a background of another shade.
 */
export function shadeColor(shade: number): string {
  const mix = (channel: number) => Math.round(255 + (channel - 255) * (shade / SHADES)).toString(16).padStart(2, '0');
  return `#${INK.map(mix).join('')}`;
}

function fill(shade: number): string {
  return `fill="${shadeColor(shade)}"`;
}

export interface PatternLabels {
  /** What a row and a column are, with their counts ("input units (784)"). */
  rows: string;
  cols: string;
}

export function patternSvg(grid: BlockShares, labels: PatternLabels): string {
  const cell = Math.min(MAX_CELL, SIDE / Math.max(grid.rows, grid.cols));
  // A side of few cells (an output layer's 10 units) is widened so the picture is not a sliver.
  const cellWidth = Math.min(MAX_CELL, Math.max(cell, MIN_SIDE / grid.cols));
  const cellHeight = Math.min(MAX_CELL, Math.max(cell, MIN_SIDE / grid.rows));
  const width = grid.cols * cellWidth;
  const height = grid.rows * cellHeight;
  const totalWidth = Math.max(MARGIN.left + width, 240);
  const totalHeight = MARGIN.top + height + MARGIN.bottom;
  const background = commonestShade(cellShades(grid));
  const shades = shadePaths(grid, background).flatMap((d, shade) => (d === '' ? [] : [`<path ${fill(shade)} d="${d}"/>`]));
  const px = (x: number) => x.toFixed(1);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="zero-pattern" width="${px(totalWidth)}" height="${px(totalHeight)}" ` +
      `viewBox="0 0 ${px(totalWidth)} ${px(totalHeight)}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<text x="${MARGIN.left}" y="14">columns: ${escapeHtml(labels.cols)}</text>`,
    `<text transform="translate(14 ${px(MARGIN.top + height)}) rotate(-90)">rows: ${escapeHtml(labels.rows)}</text>`,
    `<g transform="translate(${MARGIN.left} ${MARGIN.top}) scale(${cellWidth.toFixed(4)} ${cellHeight.toFixed(4)})" ` +
      'shape-rendering="crispEdges">',
    `<rect width="${grid.cols}" height="${grid.rows}" ${fill(background)}/>`,
    ...shades,
    `<rect width="${grid.cols}" height="${grid.rows}" fill="none" stroke="#999" vector-effect="non-scaling-stroke"/>`,
    '</g>',
    `<text x="${MARGIN.left}" y="${px(MARGIN.top + height + 13)}" fill="#555">` +
      `${grid.rows} x ${grid.cols} cells, each ${grid.blockRows} x ${grid.blockCols} weights</text>`,
    '</svg>',
  ].join('\n');
}
