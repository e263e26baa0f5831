const TWO_POW_32 = 4_294_967_296;

/**
 * Seeded pseudo-random numbers (mulberry32): tiny, fast and identical on every platform, so the
 * same seed always yields the same orders. Not for cryptography.
 */
export class Prng {
  private state: number;

  /** @param seed any safe integer; only its value matters, so equal seeds give equal streams. */
  constructor(seed: number) {
    // Fold the high bits in, so seeds that differ only above 2^32 still differ.
    const low = ((seed % TWO_POW_32) + TWO_POW_32) % TWO_POW_32;
    const high = Math.floor(seed / TWO_POW_32);
    this.state = (low ^ Math.imul(high, 0x9e3779b1)) >>> 0;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (bias below 2^-28 for the small n used here). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Picks one item uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}
