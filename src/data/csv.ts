// CSV tables of flat features with a label column, for MLPs: a header row naming the columns, then one
// example per line, every field a plain decimal number (no quotes, no NaN or infinities), the label a
// non-negative integer class index. Features are taken as they are (not rescaled). Either a folder with
// train.csv and test.csv, or one .csv file whose test split is held out per class (see split.ts).
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';
import { dataError, isDirectory, listDir, readDataFile } from './data_files.js';
import type { LoadOptions, RawDataset, RawSplit } from './dataset.js';
import { holdOutSplits } from './split.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface CsvFiles {
  /** Both splits' files, or one file to split. */
  train: string;
  test?: string;
}

/** The CSV data at `path`: a .csv file, or a folder with train.csv and test.csv; undefined when neither. */
export function probeCsv(path: string): CsvFiles | undefined {
  if (!isDirectory(path)) return path.toLowerCase().endsWith('.csv') ? { train: path } : undefined;
  const names = listDir(path);
  const [hasTrain, hasTest] = [names.includes('train.csv'), names.includes('test.csv')];
  if (!hasTrain && !hasTest) return undefined;
  if (!hasTrain || !hasTest) throw new CgesError(`CSV set in ${path} has ${hasTrain ? 'train.csv but no test.csv' : 'test.csv but no train.csv'}`);
  return { train: join(path, 'train.csv'), test: join(path, 'test.csv') };
}

interface Table {
  columns: string[];
  labelColumn: string;
  features: Float32Array;
  labels: Float64Array;
}

function headerNames(path: string, line: string): string[] {
  const names = line.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
  if (names.length < 2) throw dataError('CSV', path, `line 1 (the header) names ${names.length} column; a table needs at least one feature and a label`);
  const empty = names.indexOf('');
  if (empty >= 0) throw dataError('CSV', path, `line 1 (the header) leaves column ${empty + 1} unnamed`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw dataError('CSV', path, `line 1 (the header) names column '${name}' twice`);
    seen.add(name);
  }
  return names;
}

function labelIndex(path: string, columns: string[], wanted: string | undefined): number {
  if (wanted === undefined) return columns.includes('label') ? columns.indexOf('label') : columns.length - 1;
  const index = columns.indexOf(wanted);
  if (index < 0) throw dataError('CSV', path, `has no column '${wanted}' (columns: ${columns.join(', ')})`);
  return index;
}

function parseTable(path: string, options: LoadOptions): Table {
  const text = new TextDecoder('utf-8').decode(readDataFile('CSV', path)).replace(/^\uFEFF/, '');
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw dataError('CSV', path, 'holds only blank lines');
  const columns = headerNames(path, lines[0]);
  const label = labelIndex(path, columns, options.labelColumn);
  const rows = lines.length - 1;
  const width = columns.length - 1;
  const features = new Float32Array(rows * width);
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const lineNumber = r + 2;
    const fields = lines[r + 1].split(',');
    if (fields.length !== columns.length) {
      throw dataError('CSV', path, `line ${lineNumber} has ${fields.length} fields, the header has ${columns.length}`);
    }
    let f = r * width;
    for (let c = 0; c < fields.length; c++) {
      const field = fields[c].trim();
      if (!NUMBER.test(field)) throw dataError('CSV', path, `line ${lineNumber}, column '${columns[c]}': ${JSON.stringify(field.slice(0, 40))} is not a number`);
      const value = Number(field);
      if (c === label) {
        if (!Number.isSafeInteger(value) || value < 0) throw dataError('CSV', path, `line ${lineNumber}: label ${field} is not a class index (a non-negative integer)`);
        labels[r] = value;
      } else {
        if (!Number.isFinite(Math.fround(value))) throw dataError('CSV', path, `line ${lineNumber}, column '${columns[c]}': ${field} is beyond float32's range`);
        features[f++] = value;
      }
    }
  }
  return { columns, labelColumn: columns[label], features, labels };
}

function whole(path: string, table: Table): RawSplit {
  return { images: table.features, labels: table.labels, imagesFile: path, labelFiles: [{ path, count: table.labels.length }] };
}

export function readCsv(files: CsvFiles, options: LoadOptions): RawDataset {
  const train = parseTable(files.train, options);
  const features = train.columns.length - 1;
  const labelNote = `label column '${train.labelColumn}'`;
  if (files.test !== undefined) {
    const test = parseTable(files.test, options);
    if (test.columns.join() !== train.columns.join()) {
      throw dataError('CSV', files.test, `header (${test.columns.join(', ')}) differs from ${files.train}'s (${train.columns.join(', ')})`);
    }
    return {
      format: 'csv', description: `CSV files ${files.train} and ${files.test}: ${features} features, ${labelNote}`,
      train: whole(files.train, train), test: whole(files.test, test), inputShape: [features],
    };
  }
  // An example's key is its line number.
  const keys = Array.from(train.labels, (_, r) => String(r + 2));
  const split = holdOutSplits({ images: train.features, labels: train.labels }, features, keys, files.train, options);
  return {
    format: 'csv',
    description: `CSV file ${files.train}: ${features} features, ${labelNote}, ${split.percent}% of each class held out for test`,
    train: split.train, test: split.test, inputShape: [features],
  };
}
