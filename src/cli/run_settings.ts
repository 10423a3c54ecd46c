// What a run folder says about itself, for the commands that read a run's model afterwards: where the
// model is (model/ inside the run folder) and the settings summary.json's config holds. These only
// inform defaults (the model itself is what the commands read), so a missing or unreadable summary gives
// none rather than an error.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MODEL_JSON } from '../models/model_io.js';

/** A run folder holds the model in model/; accept either. */
export function modelDir(dir: string): string {
  const nested = join(dir, 'model');
  return !existsSync(join(dir, MODEL_JSON)) && existsSync(join(nested, MODEL_JSON)) ? nested : dir;
}

/** The config in the summary.json of the run `path` (a run folder, its model/ folder or model.json) belongs to, if any. */
export function runConfig(path: string): Record<string, unknown> | undefined {
  const folder = basename(path) === MODEL_JSON ? dirname(path) : path;
  const above = basename(folder) === 'model' ? [join(dirname(folder), 'summary.json')] : [];
  const candidates = [join(folder, 'summary.json'), ...above];
  const summary = candidates.find((candidate) => existsSync(candidate));
  if (summary === undefined) return undefined;
  try {
    const config = (JSON.parse(readFileSync(summary, 'utf8')) as { config?: unknown }).config;
    return typeof config === 'object' && config !== null && !Array.isArray(config) ? { ...config } : undefined;
  } catch {
    return undefined;
  }
}

/** How the run cut its input (`cges train --crop-input` / `--prune-inputs`), which its compaction repeats. */
export function runInputCuts(path: string): { cropInput: boolean; pruneInputs: boolean } {
  const config = runConfig(path);
  return { cropInput: config?.cropInput === true, pruneInputs: config?.pruneInputs === true };
}
