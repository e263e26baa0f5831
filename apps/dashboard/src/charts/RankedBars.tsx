import { memo } from 'react';
import { Bar, BarChart, Cell, LabelList, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../lib/formatNumber';
import type { RankedCategory } from '../lib/rankTotals';
import { chartSize } from './chartSize';
import type { ChartSeries } from './chartSeries';

export interface RankedBarsProps {
  ranked: readonly RankedCategory[];
  series: readonly ChartSeries[];
  height: number;
  width?: number;
}

interface RankedRow {
  category: string;
  label: string;
  color: string;
  total: number;
}

/** Horizontal bars of category totals, largest on top. */
function RankedBarsImpl({ ranked, series, height, width }: RankedBarsProps) {
  const byKey = new Map(series.map((s) => [s.key, s]));
  const rows: RankedRow[] = ranked
    .filter((r) => !byKey.get(r.category)?.hidden)
    .map((r) => ({ category: r.category, total: r.total, label: byKey.get(r.category)?.label ?? r.category, color: byKey.get(r.category)?.color ?? '#999' }));
  return (
    <BarChart {...chartSize(height, width)} data={rows} layout="vertical" margin={{ top: 0, right: 48, bottom: 0, left: 0 }} barCategoryGap="18%">
      <XAxis type="number" hide allowDecimals={false} />
      <YAxis type="category" dataKey="label" width={150} tickLine={false} axisLine={false} interval={0} />
      <Bar dataKey="total" isAnimationActive={false} radius={[0, 4, 4, 0]}>
        {rows.map((r) => (
          <Cell key={r.category} fill={r.color} />
        ))}
        <LabelList dataKey="total" position="right" className="bar-label" fill="var(--text)" formatter={(v: unknown) => formatNumber(Number(v))} />
      </Bar>
    </BarChart>
  );
}

export const RankedBars = memo(RankedBarsImpl);
