// Covers monotoneCurve: the path of recharts' monotoneX curve (no overshoot), in both directions.
import { monotoneCurve } from './monotoneCurve';

/** The numbers of a path, in order. */
const numbers = (path: string): number[] => (path.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe('monotoneCurve', () => {
  it.each([
    ['no point', [], [], ''],
    ['one point', [5], [7], 'M5,7'],
    ['two points: a line', [0, 10], [5, 15], 'M0,5L10,15'],
  ])('%s', (_, xs, ys, path) => {
    expect(monotoneCurve(xs, ys, 'M')).toBe(path);
  });

  it('continues a path with L', () => {
    expect(monotoneCurve([0, 10], [5, 15], 'L')).toBe('L0,5L10,15');
  });

  it('draws a straight line through collinear points', () => {
    expect(monotoneCurve([0, 30, 60], [0, 30, 60], 'M')).toBe('M0,0C10,10,20,20,30,30C40,40,50,50,60,60');
  });

  it('is flat at a local extremum and never overshoots the points', () => {
    const ys = [10, 40, 40, 0, 20];
    const path = monotoneCurve([0, 10, 20, 30, 40], ys, 'M');
    const values = numbers(path);
    const controlYs = values.filter((_, i) => i % 2 === 1);
    expect(Math.min(...controlYs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...controlYs)).toBeLessThanOrEqual(40);
    // The curve leaves the plateau at 40 horizontally: the control points next to it sit at 40.
    expect(path).toContain('C13.33,40,16.67,40,20,40');
  });

  it('traced backwards, it is the same curve', () => {
    const xs = [0, 10, 20, 30];
    const ys = [3, 9, 4, 8];
    const forward = numbers(monotoneCurve(xs, ys, 'M'));
    const backward = numbers(monotoneCurve([...xs].reverse(), [...ys].reverse(), 'M'));
    // Each cubic segment reversed: its end points and control points swap places.
    const segments = (v: number[]) => Array.from({ length: (v.length - 2) / 6 }, (_, i) => v.slice(i * 6, i * 6 + 8));
    const reversed = segments(backward)
      .reverse()
      .map((s) => [s[6], s[7], s[4], s[5], s[2], s[3], s[0], s[1]]);
    expect(segments(forward)).toEqual(reversed);
  });
});
