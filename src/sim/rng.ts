/**
 * Seeded pseudo-random numbers: mulberry32, a 32-bit generator with a single
 * 32-bit state word (public domain, by Tommy Ettinger). It is fast and repeatable
 * across JavaScript engines, which is all the simulator needs. It is not
 * suitable for cryptography.
 */

export interface Rng {
  /** Returns a float in [0, 1). */
  next(): number;
}

/** Creates a generator. Equal seeds give equal sequences, and the seed is reduced to 32 bits. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let mixed = state;
      mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
      mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Returns a standard normal draw by the Box–Muller transform of two uniform draws. */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
