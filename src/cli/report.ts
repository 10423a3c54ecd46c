// `cges report RUN_DIR [RUN_DIR...]`: one self-contained HTML page comparing finished runs (charts,
// settings, per-layer tables, compaction), and an overview table on stdout. Every run is read and checked
// and the page rendered before anything is written; the page replaces --out in one rename.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { formatRunsOverview } from '../report/overview.js';
import { readRuns } from '../report/read_run.js';
import { CgesError } from '../util/errors.js';
import { makeDir, writeTextAtomic } from './run_dir.js';

/** The page's name inside the run folder when one run is reported without --out (one of RUN_OUTPUTS). */
export const REPORT_HTML = 'report.html';

interface ReportFlags {
  out?: string;
  force?: boolean;
}

/** Where the page goes; throws, writing nothing, if that is not allowed. */
function reportPath(dirs: string[], flags: ReportFlags): string {
  if (dirs.length > 1 && flags.out === undefined) throw new CgesError('--out is required when reporting several runs');
  const out = flags.out ?? join(dirs[0], REPORT_HTML);
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) throw new CgesError(`--out ${out} is a folder; give the path of an .html file`);
    if (!flags.force) throw new CgesError(`${out} already exists; pass --force to overwrite it`);
  }
  return out;
}

/** Writes the page and prints the overview; returns the page's path. */
export async function runReport(
  dirs: string[], flags: ReportFlags, log: (line: string) => void = console.log,
): Promise<string> {
  const out = reportPath(dirs, flags);
  const runs = readRuns(dirs);
  // Loaded here, not with the program: Vega takes over half a second to load, which every other command
  // would pay at start-up.
  const { renderReport } = await import('../report/render_report.js');
  const html = await renderReport(runs);
  makeDir(dirname(out), '--out');
  writeTextAtomic(out, html);
  log(formatRunsOverview(runs));
  log(`wrote ${out}`);
  return out;
}

export function addReportCommand(program: Command): Command {
  return program.command('report')
    .description('compare finished runs in one self-contained HTML page with charts, and print an overview')
    .argument('<run_dir...>', 'folders written by cges train (summary.json, metrics.jsonl, optionally compact/)')
    .option('--out <file>', `where to write the page (default: <run_dir>/${REPORT_HTML}; required for several runs)`)
    .option('--force', 'overwrite an existing --out')
    .action(async (dirs: string[], flags: ReportFlags) => {
      await runReport(dirs, flags);
    });
}
