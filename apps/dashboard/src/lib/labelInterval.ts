/** Average advance of one character of an axis label (11 px system font, mostly digits), px. */
const CHAR_PX = 6.5;

/**
 * How many labels to skip between two shown ones (recharts' numeric `interval`) so that `count`
 * labels of up to `labelChars` characters, at least `minGap` px apart, fit in `plotWidth` px. Decided
 * from the width alone: recharts' own `preserveStartEnd` measures every label in the DOM, which forces
 * a layout each time the windows shift.
 */
export function labelInterval(count: number, plotWidth: number, labelChars: number, minGap = 28): number {
  if (count <= 1 || !(plotWidth > 0)) {
    return 0;
  }
  const fit = Math.max(1, Math.floor(plotWidth / (labelChars * CHAR_PX + minGap)));
  return Math.max(0, Math.ceil(count / fit) - 1);
}
