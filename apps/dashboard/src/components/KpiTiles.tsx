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
  /** Longer wording of the detail (tooltip). */
  title?: string;
}

const tiles = (k: Kpis, windowSizeSeconds: number, timeZone: string): TileText[] => {
  const { current: now, lastHour: hour } = k;
  const filling = `${windowSizeSeconds} s window now filling (${Math.floor(k.currentElapsedMs / 1000)} s in)`;
  const w = `${windowSizeSeconds} s`;
  const period = k.rate.periodMs > 0 ? formatPeriod(k.rate.periodMs) : 'hour';
  const complete = k.lastComplete
    ? `Last full ${w} (${formatClock(k.lastComplete.start, timeZone)}): ${formatNumber(k.lastComplete.perMinute, true)}/min`
    : `Last full ${w} window not loaded yet`;
  return [
    { testId: 'kpi-orders', label: 'Orders · last hour', value: formatNumber(hour.orders), detail: `${formatNumber(now.orders)} so far this ${w}`, title: `${formatNumber(now.orders)} so far in the ${filling}` },
    { testId: 'kpi-cups', label: 'Cups · last hour', value: formatNumber(hour.cups), detail: `${formatNumber(now.cups)} so far this ${w}`, title: `${formatNumber(now.cups)} so far in the ${filling}` },
    { testId: 'kpi-orders-per-minute', label: `Orders per minute · last ${period}`, value: formatNumber(k.rate.perMinute, true), detail: complete },
    {
      testId: 'kpi-top-coffee',
      label: 'Top coffee · last hour',
      value: hour.topCoffee ?? '—',
      detail: now.topCoffee ? `This ${w}: ${now.topCoffee}` : `No cups this ${w} yet`,
    },
    {
      testId: 'kpi-card-share',
      label: 'Card payments · last hour',
      value: formatPercent(hour.cardShare),
      detail: `${formatPercent(now.cardShare)} so far this ${w}`,
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
        <KpiTile key={t.testId} testId={t.testId} title={t.title} label={t.label} loading={loading} value={failed ? '—' : t.value} detail={failed ? 'No data' : t.detail} />
      ))}
    </section>
  );
}
