import { useMemo } from 'react';
import { useNow } from '../hooks/useNow';
import { computeKpis } from '../lib/computeKpis';
import type { LiveSeries } from '../lib/types';
import { KpiTiles } from './KpiTiles';

export interface KpiPanelProps {
  lastHour: LiveSeries | null;
  windowSizeSeconds: number;
  timeZone: string;
  phase: 'loading' | 'error' | 'ready';
  /** Fixed clock (tests). */
  now?: number;
}

/** KPI tiles recomputed every second, so rates stay measured over the time that actually elapsed. */
export function KpiPanel({ lastHour, windowSizeSeconds, timeZone, phase, now: fixedNow }: KpiPanelProps) {
  const now = useNow(1000, fixedNow);
  const kpis = useMemo(() => (lastHour ? computeKpis(lastHour, windowSizeSeconds, now) : null), [lastHour, windowSizeSeconds, now]);
  return <KpiTiles kpis={kpis} windowSizeSeconds={windowSizeSeconds} timeZone={timeZone} phase={phase} />;
}
