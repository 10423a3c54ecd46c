// A seeded pseudo-random generator whose whole state is four uint32 words, so a run can save it and
// resume the exact same stream. Generator: xoshiro128** (Blackman & Vigna), seeded through splitmix32
// so that nearby seeds give unrelated streams. Used for shuffling and per-step dropout seeds; it is not
// cryptographic.
import { CgesError } from '../util/errors.js';

export type RngState = [number, number, number, number];

/** splitmix32: spreads a 32-bit counter into well-mixed words. */
function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class Rng {
  private s: RngState;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new CgesError(`seed must be an integer, got ${seed}`);
    // Fold the high bits in too, so seeds that differ only above bit 32 still differ.
    const next = splitmix32((seed ^ Math.floor(seed / 2 ** 32)) >>> 0);
    this.s = [next(), next(), next(), next()];
    // xoshiro must not start from the all-zero state.
    if (this.s.every((word) => word === 0)) this.s[0] = 1;
  }

  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  getState(): RngState {
    return [...this.s];
  }

  setState(state: RngState): void {
    const valid = Array.isArray(state) && state.length === 4 &&
      state.every((word) => Number.isInteger(word) && word >= 0 && word < 2 ** 32);
    if (!valid || state.every((word) => word === 0)) {
      throw new CgesError('rng state must be four uint32 words, not all zero');
    }
    this.s = [...state];
  }

  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] = (s[2] ^ s[0]) >>> 0;
    s[3] = (s[3] ^ s[1]) >>> 0;
    s[1] = (s[1] ^ s[2]) >>> 0;
    s[0] = (s[0] ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** Uniform integer in [0, n), without modulo bias (rejects the short top range). */
  nextInt(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0 || n > 2 ** 32) throw new CgesError(`nextInt: n must be in [1, 2^32], got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }
}
