// Options shared by every model builder.

export interface BuildOptions {
  /** Makes every initialiser deterministic; the same seed builds identical weights. */
  seed?: number;
}

/** A distinct seed for the k-th seeded initialiser of a model, or undefined for an unseeded build. */
export function layerSeed(options: BuildOptions, k: number): number | undefined {
  return options.seed === undefined ? undefined : options.seed * 1000 + k;
}
