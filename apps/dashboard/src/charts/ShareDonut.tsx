import { memo } from 'react';
import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import { formatNumber } from '../lib/formatNumber';
import { formatPercent } from '../lib/formatPercent';
import type { RankedCategory } from '../lib/rankTotals';
import { chartSize } from './chartSize';
import type { ChartSeries } from './chartSeries';

export interface ShareDonutProps {
  ranked: readonly RankedCategory[];
  series: readonly ChartSeries[];
  centerValue: string;
  centerLabel: string;
  unit: string;
  height: number;
  width?: number;
}

interface Slice {
  category: string;
  label: string;
  color: string;
  total: number;
  share: number;
}

/** Share of each category in the range as a donut, with a headline figure in the middle. */
function ShareDonutImpl({ ranked, series, centerValue, centerLabel, unit, height, width }: ShareDonutProps) {
  const byKey = new Map(series.map((s) => [s.key, s]));
  const slices: Slice[] = ranked
    .filter((r) => r.total > 0 && !byKey.get(r.category)?.hidden)
    .map((r) => ({ ...r, label: byKey.get(r.category)?.label ?? r.category, color: byKey.get(r.category)?.color ?? '#999' }));
  return (
    <div className="donut">
      <div className="donut__chart">
        <PieChart {...chartSize(height, width)}>
          <Pie data={slices} dataKey="total" nameKey="label" innerRadius="62%" outerRadius="92%" paddingAngle={1} stroke="none" isAnimationActive={false}>
            {slices.map((s) => (
              <Cell key={s.category} fill={s.color} />
            ))}
          </Pie>
          <Tooltip
            isAnimationActive={false}
            content={(props) => {
              const slice = props.payload?.[0]?.payload as Slice | undefined;
              return slice ? (
                <div className="tooltip">
                  <p className="tooltip__title">{slice.label}</p>
                  <p className="tooltip__total">
                    <span>{formatPercent(slice.share)}</span>
                    <span className="num">
                      {formatNumber(slice.total)} {unit}
                    </span>
                  </p>
                </div>
              ) : null;
            }}
          />
        </PieChart>
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
