import { memo } from 'react';
import { formatNumber } from '../lib/formatNumber';
import type { RankedCategory } from '../lib/rankTotals';
import type { ChartSeries } from './chartSeries';

export interface RankedBarsProps {
  ranked: readonly RankedCategory[];
  series: readonly ChartSeries[];
  /** Least height, px. */
  height: number;
}

/** Room kept right of the longest bar for its figure, px. */
const LABEL_ROOM = 48;

/**
 * Horizontal bars of category totals, largest on top, each with its figure. HTML and CSS widths: a
 * live update changes a few widths and texts (recharts' bar chart re-created every bar and re-measured
 * every label on each update).
 */
function RankedBarsImpl({ ranked, series, height }: RankedBarsProps) {
  const byKey = new Map(series.map((s) => [s.key, s]));
  const rows = ranked.filter((r) => !byKey.get(r.category)?.hidden);
  const max = rows.reduce((a, r) => Math.max(a, r.total), 0);
  return (
    <ol className="ranked" style={{ minHeight: height }}>
      {rows.map((r) => {
        const s = byKey.get(r.category);
        const share = max > 0 ? r.total / max : 0;
        return (
          <li key={r.category} className="ranked__row" data-category={r.category}>
            <span className="ranked__label">{s?.label ?? r.category}</span>
            <span className="ranked__track">
              <span className="ranked__bar" style={{ width: `calc((100% - ${LABEL_ROOM}px) * ${share})`, background: s?.color ?? '#999' }} />
              <span className="ranked__value num">{formatNumber(r.total)}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export const RankedBars = memo(RankedBarsImpl);
