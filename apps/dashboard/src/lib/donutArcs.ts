/** The drawn slice of `values[index]`: an SVG path. */
export interface DonutArc {
  index: number;
  d: string;
}

const round = (x: number): number => Math.round(x * 100) / 100;
const RADIAN = Math.PI / 180;

/** Point at `angle` degrees counter-clockwise from 3 o'clock (screen y grows downwards). */
const at = (cx: number, cy: number, r: number, angle: number): string => `${round(cx + r * Math.cos(angle * RADIAN))},${round(cy - r * Math.sin(angle * RADIAN))}`;

const ring = (cx: number, cy: number, inner: number, outer: number): string =>
  `M${at(cx, cy, outer, 0)}A${outer},${outer},0,1,0,${at(cx, cy, outer, 180)}A${outer},${outer},0,1,0,${at(cx, cy, outer, 360)}` +
  `M${at(cx, cy, inner, 0)}A${inner},${inner},0,1,1,${at(cx, cy, inner, 180)}A${inner},${inner},0,1,1,${at(cx, cy, inner, 360)}Z`;

/**
 * The slices of a donut around (cx, cy) between radii `inner` and `outer`: each positive value's
 * share of the total, counter-clockwise from 3 o'clock in `values` order (as recharts' Pie lays them
 * out), `padDegrees` apart. Zero and negative values draw nothing; a single slice is a full ring.
 */
export function donutArcs(values: readonly number[], cx: number, cy: number, inner: number, outer: number, padDegrees = 0): DonutArc[] {
  const shown = values.map((value, index) => ({ value, index })).filter((s) => s.value > 0);
  const total = shown.reduce((a, s) => a + s.value, 0);
  if (shown.length === 1) {
    return [{ index: shown[0].index, d: ring(cx, cy, inner, outer) }];
  }
  const pad = shown.length > 1 ? padDegrees : 0;
  const sweep = 360 - pad * shown.length;
  let angle = 0;
  return shown.map(({ value, index }) => {
    const from = angle;
    const to = from + (sweep * value) / total;
    angle = to + pad;
    const large = to - from > 180 ? 1 : 0;
    const d =
      `M${at(cx, cy, outer, from)}A${outer},${outer},0,${large},0,${at(cx, cy, outer, to)}` +
      `L${at(cx, cy, inner, to)}A${inner},${inner},0,${large},1,${at(cx, cy, inner, from)}Z`;
    return { index, d };
  });
}
