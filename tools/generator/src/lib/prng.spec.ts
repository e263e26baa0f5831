// Covers Prng: fixed sequences per seed, ranges, and rough uniformity.
import { Prng } from './prng';

describe('Prng', () => {
  it('gives the same sequence for the same seed and different ones for different seeds', () => {
    const draw = (seed: number): number[] => {
      const prng = new Prng(seed);
      return Array.from({ length: 8 }, () => prng.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(1)).not.toEqual(draw(1 + 2 ** 32));
    expect(draw(-1)).not.toEqual(draw(1));
  });

  it('is mulberry32 (the sequence is part of the output contract: same seed, same file)', () => {
    const prng = new Prng(1);
    expect([prng.nextUint32(), prng.nextUint32(), prng.nextUint32()]).toEqual([2693262067, 11749833, 2265367787]);
  });

  it.each([[1], [3], [9], [10]])('nextInt(%i) stays in range and hits every value about equally', (n) => {
    const prng = new Prng(42);
    const counts = new Array<number>(n).fill(0);
    const draws = 20_000 * n;
    let outOfRange = 0;
    for (let i = 0; i < draws; i++) {
      const v = prng.nextInt(n);
      if (Number.isInteger(v) && v >= 0 && v < n) {
        counts[v]++;
      } else {
        outOfRange++;
      }
    }
    expect(outOfRange).toBe(0);
    expect(Math.max(...counts.map((c) => Math.abs(c - 20_000)))).toBeLessThan(20_000 * 0.05);
  });

  it('next() is in [0, 1)', () => {
    const prng = new Prng(3);
    const values = Array.from({ length: 10_000 }, () => prng.next());
    expect(values.filter((v) => !(v >= 0 && v < 1))).toEqual([]);
  });
});
