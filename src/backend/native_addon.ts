// The one typed view of the oneDNN addon (native/, built by `npm ci` when libdnnl-dev is installed).
// Every native entry point is declared here; the C++ side checks its arguments and throws TypeError.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../util/package_root.js';

export interface NativeAddon {
  /** Sets the OpenMP thread count used by every oneDNN primitive and native kernel. */
  setThreads(threads: number): void;
  getThreads(): number;
  /** oneDNN's version, e.g. "2.6.3". */
  version(): string;
}

export const NATIVE_ADDON_PATH = join(packageRoot(), 'build', 'Release', 'cges_native.node');

let cached: NativeAddon | null | undefined;
let loadError: string | undefined;

/** The addon, or null when it was not built (no libdnnl-dev at install time) or cannot load. */
export function loadNativeAddon(): NativeAddon | null {
  if (cached !== undefined) return cached;
  if (!existsSync(NATIVE_ADDON_PATH)) {
    loadError = `the oneDNN addon is not built (${NATIVE_ADDON_PATH} is missing)`;
    cached = null;
    return cached;
  }
  try {
    cached = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as NativeAddon;
  } catch (error) {
    loadError = `the oneDNN addon failed to load: ${(error as Error).message.split('\n')[0]}`;
    cached = null;
  }
  return cached;
}

/** Why loadNativeAddon() returned null, with the fix, for a one-line notice. */
export function nativeAddonProblem(): string | undefined {
  if (loadError === undefined) return undefined;
  return `${loadError}; install oneDNN with "apt-get install -y libdnnl-dev" and run "npm run build:native"`;
}
