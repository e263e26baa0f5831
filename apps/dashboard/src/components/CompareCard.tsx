import { useMemo } from 'react';
import { useCompareHistory } from '../hooks/useCompareHistory';
import { compareScale } from '../lib/compareSeries';
import { formatCompact } from '../lib/formatCompact';
import { formatNumber } from '../lib/formatNumber';
import { formatWindowTitle } from '../lib/formatWindowTitle';
import type { HistoryRequest } from '../lib/types';

export interface CompareCardProps {
  branches: readonly string[];
  /** Branches compared (two or more draw). */
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  request: Omit<HistoryRequest, 'branch'>;
  precision: number;
  /** "orders per 30 s". */
  unit: string;
}

const HEIGHT = 90;
const WIDTH = 600;
const AXIS = 36;

const titleCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Orders per window of two or more branches as small multiples on one value scale and one time axis. */
export function CompareCard({ branches, selected, onChange, request, precision, unit }: CompareCardProps) {
  const state = useCompareHistory(selected, request);
  const scale = useMemo(() => (state.status === 'ready' ? compareScale(state.series) : null), [state]);
  const toggle = (b: string) => onChange(selected.includes(b) ? selected.filter((x) => x !== b) : [...selected, b].sort());
  return (
    <section className="card span-full compare" data-testid="compare-card" data-state={state.status}>
      <header className="card__header">
        <h2 className="card__title">Compare branches</h2>
        <p className="card__caption">{unit}, same scale</p>
      </header>
      <fieldset className="compare__pick">
        <legend className="sr-only">Branches to compare</legend>
        {branches.map((b) => (
          <label key={b} className="compare__option">
            <input type="checkbox" data-testid={`compare-${b}`} checked={selected.includes(b)} onChange={() => toggle(b)} /> {titleCase(b)}
          </label>
        ))}
      </fieldset>
      {selected.length < 2 && <p className="card__caption">Pick two or more branches.</p>}
      {state.status === 'error' && <p className="card__caption">Could not load the compared branches; retrying.</p>}
      {scale &&
        state.status === 'ready' &&
        state.series.map((s) => {
          const step = (WIDTH - AXIS) / Math.max(1, scale.dates.length);
          const total = s.totals.reduce((a, t) => a + t.total, 0);
          return (
            <figure key={s.branch} className="compare__row" data-branch={s.branch} data-top={scale.top}>
              <figcaption className="compare__label">
                {titleCase(s.branch)} · {formatNumber(total)} orders
              </figcaption>
              <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className="compare__chart" role="img" aria-label={`${titleCase(s.branch)}: ${unit}`}>
                {scale.ticks.map((t) => (
                  <g key={t}>
                    <line className="value-grid__line" x1={AXIS} x2={WIDTH} y1={HEIGHT - 4 - ((HEIGHT - 12) * t) / scale.top} y2={HEIGHT - 4 - ((HEIGHT - 12) * t) / scale.top} />
                  </g>
                ))}
                {s.totals.map((t, i) => {
                  const h = ((HEIGHT - 12) * t.total) / scale.top;
                  return (
                    <rect key={t.date} className="compare__bar" x={AXIS + i * step + step * 0.1} width={step * 0.8} y={HEIGHT - 4 - h} height={h}>
                      <title>{`${formatWindowTitle(t.date, precision)}: ${formatNumber(t.total)}`}</title>
                    </rect>
                  );
                })}
              </svg>
              <span className="compare__top" aria-hidden="true">
                {formatCompact(scale.top)}
              </span>
            </figure>
          );
        })}
    </section>
  );
}
