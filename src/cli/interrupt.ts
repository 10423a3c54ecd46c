// Ctrl-C (SIGINT) or SIGTERM during training: the first one asks the loop to stop after the current
// step and save a checkpoint, so no finished step is lost; a second one quits at once (the previous
// checkpoint on disk is complete, since checkpoints are replaced atomically).
export interface Interrupt {
  requested(): boolean;
  /** Puts the default signal behaviour back. */
  release(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function catchInterrupts(onFirst: () => void): Interrupt {
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) onFirst();
    else process.exit(130);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return {
    requested: () => count > 0,
    release: () => {
      for (const signal of SIGNALS) process.off(signal, handler);
    },
  };
}
