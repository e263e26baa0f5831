import type { RankedCategory } from '@coffee/aggregation';
import { categoryLabel } from '../lib/categoryLabel';
import { formatNumber } from '../lib/formatNumber';
import { formatWindowTitle } from '../lib/formatWindowTitle';
import type { StackedRow } from '../lib/toStackedSeries';
import type { ChartSeries } from './chartSeries';

export interface SeriesTooltipProps {
  row: StackedRow | undefined;
  series: readonly ChartSeries[];
  precision: number;
  unit: string;
  /** The window is still filling: its figures are so far. */
  partial?: boolean;
  /** Alerts concerning this window (one sentence each). */
  alerts?: readonly string[];
  /** The window's top coffee types (`GET /api/top`); undefined while not loaded. */
  top?: readonly RankedCategory[];
}

/** Tooltip of one window: every visible category (largest first) and the total. */
export function SeriesTooltip({ row, series, precision, unit, partial = false, alerts, top }: SeriesTooltipProps) {
  if (!row) {
    return null;
  }
  const items = series
    .map((s, i) => ({ ...s, value: row.values[i] ?? 0 }))
    .filter((s) => !s.hidden && s.value > 0)
    .sort((a, b) => b.value - a.value);
  return (
    <div className="tooltip">
      <p className="tooltip__title">
        {formatWindowTitle(row.date, precision)}
        {partial && <span className="tooltip__partial"> · in progress, so far</span>}
      </p>
      {items.length === 0 ? (
        <p className="tooltip__empty">No {unit}</p>
      ) : (
        <table className="tooltip__table">
          <tbody>
            {items.map((item) => (
              <tr key={item.key}>
                <td>
                  <span className="legend__swatch" style={{ background: item.color }} aria-hidden="true" />
                  {item.label}
                </td>
                <td className="num">{formatNumber(item.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="tooltip__total">
        <span>Total</span>
        <span className="num">
          {formatNumber(row.total)} {unit}
        </span>
      </p>
      {top !== undefined && top.length > 0 && (
        <div className="tooltip__top" data-testid="tooltip-top">
          <p className="tooltip__section">Top {top.length} coffees</p>
          <ol className="tooltip__ranking">
            {top.map((place) => (
              <li key={place.name}>
                <span>
                  {place.rank}. {categoryLabel('Orders', place.name)}
                </span>
                <span className="num">{formatNumber(place.count)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
      {alerts !== undefined && alerts.length > 0 && (
        <ul className="tooltip__alerts" data-testid="tooltip-alerts">
          {alerts.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
