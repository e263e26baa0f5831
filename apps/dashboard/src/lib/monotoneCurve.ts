const sign = (x: number): number => (x < 0 ? -1 : 1);
const round = (x: number): number => Math.round(x * 100) / 100;

/** Tangent at an inner point from its neighbours (Steffen's method, as d3's curveMonotoneX). */
const innerSlope = (x0: number, y0: number, x1: number, y1: number, x2: number, y2: number): number => {
  const h0 = x1 - x0;
  const h1 = x2 - x1;
  const s0 = (y1 - y0) / h0;
  const s1 = (y2 - y1) / h1;
  const p = (s0 * h1 + s1 * h0) / (h0 + h1);
  return (sign(s0) + sign(s1)) * Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(p)) || 0;
};

/** Tangent at an end point from the segment and the tangent at the other end of it. */
const endSlope = (h: number, dy: number, t: number): number => (h ? (3 * (dy / h) - t) / 2 : t);

/**
 * SVG path commands of a monotone cubic curve through the points `(xs[i], ys[i])` (x strictly
 * increasing or strictly decreasing), the curve d3's `curveMonotoneX` and recharts' `monotoneX` draw:
 * it never overshoots between two points. The first point is reached with `start` (`M` to begin a
 * path, `L` to continue one); one point is just that, two points a straight line.
 */
export function monotoneCurve(xs: readonly number[], ys: readonly number[], start: 'M' | 'L'): string {
  const n = Math.min(xs.length, ys.length);
  if (n === 0) {
    return '';
  }
  let path = `${start}${round(xs[0])},${round(ys[0])}`;
  if (n === 2) {
    return `${path}L${round(xs[1])},${round(ys[1])}`;
  }
  const t = new Array<number>(n).fill(0);
  for (let i = 1; i < n - 1; i += 1) {
    t[i] = innerSlope(xs[i - 1], ys[i - 1], xs[i], ys[i], xs[i + 1], ys[i + 1]);
  }
  if (n > 2) {
    t[0] = endSlope(xs[1] - xs[0], ys[1] - ys[0], t[1]);
    t[n - 1] = endSlope(xs[n - 1] - xs[n - 2], ys[n - 1] - ys[n - 2], t[n - 2]);
  }
  for (let i = 0; i < n - 1; i += 1) {
    const dx = (xs[i + 1] - xs[i]) / 3;
    path += `C${round(xs[i] + dx)},${round(ys[i] + dx * t[i])},${round(xs[i + 1] - dx)},${round(ys[i + 1] - dx * t[i + 1])},${round(xs[i + 1])},${round(ys[i + 1])}`;
  }
  return path;
}
