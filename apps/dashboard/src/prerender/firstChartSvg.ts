import type { FirstChartGeometry } from '../lib/firstChartGeometry';

const n = (value: number) => String(Math.round(value * 100) / 100);
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const text = (value: string) => value.replace(/[&<>"]/g, (c) => ESCAPES[c]);

/**
 * The pre-rendered first chart as SVG markup, with the React chart's classes (so the stylesheet colours and sizes it
 * the same way): value grid, stacked bars (the filling window lighter with a dashed outline), value labels and unit,
 * time labels. Static: no tooltip, no keyboard layer, until the React chart replaces it.
 */
export function firstChartSvg(g: FirstChartGeometry): string {
  const out: string[] = [];
  out.push(`<svg class="recharts-surface first-view__chart" width="${n(g.width)}" height="${n(g.height)}" viewBox="0 0 ${n(g.width)} ${n(g.height)}" role="img" aria-label="${text(g.unit.text)} over time">`);
  out.push('<g class="value-grid">');
  for (const t of g.valueTicks) {
    out.push(`<line class="value-grid__line" x1="${n(g.plot.x)}" x2="${n(g.plot.x + g.plot.width)}" y1="${n(t.y)}" y2="${n(t.y)}"/>`);
  }
  out.push('</g><g class="stacked-bars">');
  for (const c of g.columns) {
    out.push(`<g class="stacked-bars__column${c.partial ? ' stacked-bars__column--partial' : ''}" data-date="${text(c.date)}">`);
    for (const s of c.segments) {
      out.push(`<rect class="stacked-bars__segment" data-category="${text(s.category)}" x="${n(s.x)}" y="${n(s.y)}" width="${n(s.width)}" height="${n(s.height)}" fill="${text(s.color)}"/>`);
    }
    if (c.outline) {
      const o = c.outline;
      out.push(`<rect class="stacked-bars__partial-outline" x="${n(o.x)}" y="${n(o.y)}" width="${n(o.width)}" height="${n(o.height)}"/>`);
    }
    out.push('</g>');
  }
  out.push('</g><g class="value-axis">');
  for (const t of g.valueTicks) {
    out.push(`<text class="axis-label" x="${n(t.x)}" y="${n(t.y)}" dy="0.355em" text-anchor="end">${text(t.label)}</text>`);
  }
  out.push(`<text class="axis-unit" x="${n(g.unit.x)}" y="${n(g.unit.y)}">${text(g.unit.text)}</text></g><g class="time-axis">`);
  for (const l of g.timeLabels) {
    out.push(`<text class="recharts-cartesian-axis-tick-value" x="${n(l.x)}" y="${n(l.y)}" dy="0.71em" text-anchor="${l.anchor}">${text(l.text)}</text>`);
  }
  out.push('</g></svg>');
  return out.join('');
}
