// Covers donutArcs: annular slices of a donut in order, padded, with a full ring for a single slice.
import { donutArcs } from './donutArcs';

describe('donutArcs', () => {
  it('draws one slice per positive value, in order, skipping zeros', () => {
    const arcs = donutArcs([2, 0, 1, 1], 50, 50, 30, 45);
    expect(arcs.map((a) => a.index)).toEqual([0, 2, 3]);
  });

  it('starts at 3 o’clock and goes counter-clockwise: half the total ends at 9 o’clock', () => {
    const [first, second] = donutArcs([1, 1], 50, 50, 30, 45);
    expect(first.d).toBe('M95,50A45,45,0,0,0,5,50L20,50A30,30,0,0,1,80,50Z');
    expect(second.d.startsWith('M5,50A45,45,0,0,0,95,50')).toBe(true);
  });

  it('uses the large arc flag for a slice over half the circle', () => {
    const [big, small] = donutArcs([3, 1], 50, 50, 30, 45);
    expect(big.d).toContain('A45,45,0,1,0');
    expect(small.d).toContain('A45,45,0,0,0');
  });

  it('leaves padDegrees between slices', () => {
    const [first, second] = donutArcs([1, 1], 0, 0, 0, 100, 10);
    // 340° to share: the first slice ends at 170°, the second starts at 180° (9 o'clock).
    expect(first.d).toContain(`A100,100,0,0,0,${Math.round(100 * Math.cos((170 * Math.PI) / 180) * 100) / 100},${-Math.round(100 * Math.sin((170 * Math.PI) / 180) * 100) / 100}`);
    expect(second.d.startsWith('M-100,')).toBe(true);
  });

  it('draws a lone slice as a full ring, and nothing without data', () => {
    const [ring] = donutArcs([0, 5], 50, 50, 30, 45, 1);
    expect(ring.index).toBe(1);
    expect(ring.d.match(/A/g)).toHaveLength(4);
    expect(donutArcs([0, 0], 50, 50, 30, 45)).toEqual([]);
  });
});
