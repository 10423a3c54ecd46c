// Output of a long command: log lines on stdout and, only when stdout is a terminal, a progress bar
// kept below them (a log line clears the bar, prints, and redraws it).
import cliProgress from 'cli-progress';

export interface Progress {
  log(line: string): void;
  update(step: number): void;
  stop(): void;
}

export function makeProgress(total: number, stream: NodeJS.WriteStream = process.stdout): Progress {
  if (!stream.isTTY) {
    return { log: (line) => stream.write(`${line}\n`), update: () => {}, stop: () => {} };
  }
  const bar = new cliProgress.SingleBar({
    format: 'step {value}/{total} [{bar}] {percentage}% | eta {eta_formatted}',
    stream,
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return {
    log: (line) => {
      stream.write(`\r\x1b[2K${line}\n`);
      bar.render();
    },
    update: (step) => bar.update(step),
    stop: () => bar.stop(),
  };
}
