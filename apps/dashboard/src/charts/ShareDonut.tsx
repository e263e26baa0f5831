import { memo } from 'react';
import { donutArcs } from '../lib/donutArcs';
import { formatNumber } from '../lib/formatNumber';
import { formatPercent } from '../lib/formatPercent';
import type { RankedCategory } from '../lib/rankTotals';
import type { ChartSeries } from './chartSeries';

export interface ShareDonutProps {
  ranked: readonly RankedCategory[];
  series: readonly ChartSeries[];
  centerValue: string;
  centerLabel: string;
  unit: string;
  /** Diameter, px. */
  height: number;
}

interface Slice {
  category: string;
  label: string;
  color: string;
  total: number;
  share: number;
}

/** Ring radii as shares of the radius (recharts' Pie with innerRadius 62%, outerRadius 92%). */
const INNER = 0.62;
const OUTER = 0.92;
const PAD_DEGREES = 1;
/** Free space around the ring, px (recharts' default chart margin). */
const MARGIN = 5;

/**
 * Share of each category in the range as a donut, with a headline figure in the middle. Plain SVG:
 * a few paths that change with the totals (recharts' Pie re-ran its whole store on every live update);
 * each slice names itself on hover, and the list beside it gives every figure.
 */
function ShareDonutImpl({ ranked, series, centerValue, centerLabel, unit, height }: ShareDonutProps) {
  const byKey = new Map(series.map((s) => [s.key, s]));
  const slices: Slice[] = ranked
    .filter((r) => r.total > 0 && !byKey.get(r.category)?.hidden)
    .map((r) => ({ ...r, label: byKey.get(r.category)?.label ?? r.category, color: byKey.get(r.category)?.color ?? '#999' }));
  const visible = slices.reduce((a, s) => a + s.total, 0);
  const c = height / 2;
  const r = c - MARGIN;
  const arcs = donutArcs(
    slices.map((s) => s.total),
    c,
    c,
    r * INNER,
    r * OUTER,
    PAD_DEGREES,
  );
  return (
    <div className="donut">
      <div className="donut__chart">
        <svg className="donut__svg" width={height} height={height} viewBox={`0 0 ${height} ${height}`} role="img" aria-label={`Share in range: ${slices.map((s) => `${s.label} ${formatPercent(s.share)}`).join(', ')}`}>
          {arcs.map((arc) => {
            const slice = slices[arc.index];
            return (
              <path key={slice.category} className="donut__slice" d={arc.d} fill={slice.color} fillRule="evenodd">
                <title>{`${slice.label}: ${formatPercent(visible > 0 ? slice.total / visible : null)} · ${formatNumber(slice.total)} ${unit}`}</title>
              </path>
            );
          })}
        </svg>
        <div className="donut__center" aria-hidden="true">
          <span className="donut__value">{centerValue}</span>
          <span className="donut__label">{centerLabel}</span>
        </div>
      </div>
      <ul className="donut__list">
        {slices.map((s) => (
          <li key={s.category}>
            <span className="legend__swatch" style={{ background: s.color }} aria-hidden="true" />
            <span className="donut__name">{s.label}</span>
            <span className="num donut__share">{formatPercent(s.share)}</span>
            <span className="num donut__count">{formatNumber(s.total)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ShareDonut = memo(ShareDonutImpl);
