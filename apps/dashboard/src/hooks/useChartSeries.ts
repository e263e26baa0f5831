import type { StatisticType, StatsWindow } from '@coffee/aggregation';
import { useCallback, useMemo, useState } from 'react';
import type { ChartSeries } from '../charts/chartSeries';
import { categoryColor } from '../lib/categoryColor';
import { categoryLabel } from '../lib/categoryLabel';
import { orderedCategories } from '../lib/orderedCategories';
import { rankTotals, type RankedCategory } from '../lib/rankTotals';
import { sumCounts } from '../lib/sumCounts';
import { useTheme } from './useTheme';
import { toStackedSeries, type StackedRow } from '../lib/toStackedSeries';

export interface ChartSeriesData {
  series: ChartSeries[];
  rows: StackedRow[];
  ranked: RankedCategory[];
  total: number;
  toggle: (category: string) => void;
}

/** Everything a statistic's charts draw, memoised on the windows; legend clicks hide categories. */
export function useChartSeries(type: StatisticType, windows: readonly StatsWindow[], known: readonly string[], precision: number): ChartSeriesData {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const theme = useTheme();
  const categoryKey = orderedCategories(windows, known).join('\u0000');
  const categories = useMemo(() => (categoryKey ? categoryKey.split('\u0000') : []), [categoryKey]);
  const series = useMemo(
    () => categories.map((c) => ({ key: c, label: categoryLabel(type, c), color: categoryColor(type, c, theme), hidden: hidden.has(c) })),
    [categories, hidden, type, theme],
  );
  const rows = useMemo(() => toStackedSeries(windows, categories, precision), [windows, categories, precision]);
  const ranked = useMemo(() => rankTotals(sumCounts(windows), categories), [windows, categories]);
  const total = useMemo(() => windows.reduce((a, w) => a + w.total, 0), [windows]);
  const toggle = useCallback(
    (category: string) =>
      setHidden((prev) => {
        const next = new Set(prev);
        if (!next.delete(category)) {
          next.add(category);
        }
        return next;
      }),
    [],
  );
  return { series, rows, ranked, total, toggle };
}
