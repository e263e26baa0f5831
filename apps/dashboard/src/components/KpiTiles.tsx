import type { Kpis } from '../lib/computeKpis';
import { formatNumber } from '../lib/formatNumber';
import { formatPercent } from '../lib/formatPercent';
import { KpiTile } from './KpiTile';

export interface KpiTilesProps {
  kpis: Kpis | null;
  windowSizeSeconds: number;
  /** Without figures, `loading` shows skeletons and `error` dashes. */
  phase?: 'loading' | 'error' | 'ready';
}

interface TileText {
  testId: string;
  label: string;
  value: string;
  detail: string;
}

const tiles = ({ current: now, lastHour: hour }: Kpis, windowSizeSeconds: number): TileText[] => [
  { testId: 'kpi-orders', label: 'Orders · last hour', value: formatNumber(hour.orders), detail: `${formatNumber(now.orders)} in this ${windowSizeSeconds} s window` },
  { testId: 'kpi-cups', label: 'Cups · last hour', value: formatNumber(hour.cups), detail: `${formatNumber(now.cups)} in this ${windowSizeSeconds} s window` },
  {
    testId: 'kpi-orders-per-minute',
    label: 'Orders per minute',
    value: formatNumber(hour.ordersPerMinute, true),
    detail: `${formatNumber(now.ordersPerMinute, true)} in this window`,
  },
  { testId: 'kpi-top-coffee', label: 'Top coffee · last hour', value: hour.topCoffee ?? '—', detail: now.topCoffee ? `Now: ${now.topCoffee}` : 'No cups in this window yet' },
  { testId: 'kpi-card-share', label: 'Card payments · last hour', value: formatPercent(hour.cardShare), detail: `${formatPercent(now.cardShare)} in this window` },
];

const EMPTY: Kpis['current'] = { orders: 0, cups: 0, ordersPerMinute: 0, topCoffee: null, topCoffeeCups: 0, cardShare: null };

/** Last-hour figures with the current window's beneath each. */
export function KpiTiles({ kpis, windowSizeSeconds, phase = 'loading' }: KpiTilesProps) {
  const loading = kpis === null && phase === 'loading';
  const failed = kpis === null && !loading;
  return (
    <section className="kpis" aria-label="Key figures, last hour">
      {tiles(kpis ?? { current: EMPTY, lastHour: EMPTY, currentDate: null }, windowSizeSeconds).map((t) => (
        <KpiTile key={t.testId} testId={t.testId} label={t.label} loading={loading} value={failed ? '—' : t.value} detail={failed ? 'No data' : t.detail} />
      ))}
    </section>
  );
}
