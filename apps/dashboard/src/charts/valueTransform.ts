/** The plot area of a chart, px. */
interface Plot {
  y: number;
  height: number;
}

/**
 * SVG transform from (x px, value) to the plot: value 0 on the plot's bottom edge, `top` on its top
 * edge, x unchanged. Shapes drawn in value units then follow a new top through this one attribute.
 */
export function valueTransform(plot: Plot, top: number): string {
  return `translate(0 ${plot.y + plot.height}) scale(1 ${-plot.height / top})`;
}
