import type { Kpis } from '../lib/computeKpis';
import { formatClock } from '../lib/formatClock';
import { formatNumber } from '../lib/formatNumber';
import { formatPercent } from '../lib/formatPercent';
import { formatPeriod } from '../lib/formatPeriod';
import { KpiTile } from './KpiTile';

export interface KpiTilesProps {
  kpis: Kpis | null;
  windowSizeSeconds: number;
  timeZone: string;
  /** Without figures, `loading` shows skeletons and `error` dashes. */
  phase?: 'loading' | 'error' | 'ready';
}

interface TileText {
  testId: string;
  label: string;
  value: string;
  detail: string;
}

const tiles = (k: Kpis, windowSizeSeconds: number, timeZone: string): TileText[] => {
  const { current: now, lastHour: hour } = k;
  const filling = `this ${windowSizeSeconds} s window (${Math.floor(k.currentElapsedMs / 1000)} s in)`;
  const period = k.rate.periodMs > 0 ? formatPeriod(k.rate.periodMs) : 'hour';
  const complete = k.lastComplete
    ? `${formatNumber(k.lastComplete.perMinute, true)} / min in the ${windowSizeSeconds} s window from ${formatClock(k.lastComplete.start, timeZone)}`
    : `Last complete ${windowSizeSeconds} s window not loaded yet`;
  return [
    { testId: 'kpi-orders', label: 'Orders · last hour', value: formatNumber(hour.orders), detail: `${formatNumber(now.orders)} so far in ${filling}` },
    { testId: 'kpi-cups', label: 'Cups · last hour', value: formatNumber(hour.cups), detail: `${formatNumber(now.cups)} so far in ${filling}` },
    { testId: 'kpi-orders-per-minute', label: `Orders per minute · last ${period}`, value: formatNumber(k.rate.perMinute, true), detail: complete },
    {
      testId: 'kpi-top-coffee',
      label: 'Top coffee · last hour',
      value: hour.topCoffee ?? '—',
      detail: now.topCoffee ? `${now.topCoffee} so far in this ${windowSizeSeconds} s window` : `No cups in this ${windowSizeSeconds} s window yet`,
    },
    {
      testId: 'kpi-card-share',
      label: 'Card payments · last hour',
      value: formatPercent(hour.cardShare),
      detail: `${formatPercent(now.cardShare)} so far in this ${windowSizeSeconds} s window`,
    },
  ];
};

const EMPTY_VALUES: Kpis['current'] = { orders: 0, cups: 0, topCoffee: null, topCoffeeCups: 0, cardShare: null };
const EMPTY: Kpis = { current: EMPTY_VALUES, lastHour: EMPTY_VALUES, currentStart: 0, currentElapsedMs: 0, rate: { perMinute: 0, periodMs: 0 }, lastComplete: null };

/** Last-hour figures, each label naming its period, with the current window's beneath each. */
export function KpiTiles({ kpis, windowSizeSeconds, timeZone, phase = 'loading' }: KpiTilesProps) {
  const loading = kpis === null && phase === 'loading';
  const failed = kpis === null && !loading;
  return (
    <section className="kpis" aria-label="Key figures, last hour">
      {tiles(kpis ?? EMPTY, windowSizeSeconds, timeZone).map((t) => (
        <KpiTile key={t.testId} testId={t.testId} label={t.label} loading={loading} value={failed ? '—' : t.value} detail={failed ? 'No data' : t.detail} />
      ))}
    </section>
  );
}
