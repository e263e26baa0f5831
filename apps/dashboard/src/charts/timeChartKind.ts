/** Above this many windows stacked bars become stacked areas: thousands of SVG bars are slow to update live. */
export const MAX_BARS = 100;

/** Bars for short ranges, areas for long ones (and always areas when `preferAreas`). */
export function timeChartKind(windows: number, preferAreas = false): 'bars' | 'areas' {
  return preferAreas || windows > MAX_BARS ? 'areas' : 'bars';
}
