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
  hidden?: boolean;
  /** Offline: figures dimmed (they are as of the last data). */
  dimmed?: boolean;
  /** Fixed clock (tests). */
  now?: number;
}

/** KPI tiles recomputed every second, so rates stay measured over the time that actually elapsed. */
export function KpiPanel({ lastHour, windowSizeSeconds, timeZone, phase, hidden, dimmed, now: fixedNow }: KpiPanelProps) {
  const now = useNow(1000, fixedNow);
  const kpis = useMemo(() => (lastHour ? computeKpis(lastHour, windowSizeSeconds, now) : null), [lastHour, windowSizeSeconds, now]);
  return (
    <div className={dimmed ? 'kpi-panel is-offline' : 'kpi-panel'} hidden={hidden}>
      <KpiTiles kpis={kpis} windowSizeSeconds={windowSizeSeconds} timeZone={timeZone} phase={phase} />
    </div>
  );
}
