import { useMemo } from 'react';
import { describeError } from './api/describeError';
import { AgeGradesCard } from './components/AgeGradesCard';
import { CoffeeTypesCard } from './components/CoffeeTypesCard';
import { Header } from './components/Header';
import { KpiPanel } from './components/KpiPanel';
import { PaymentMethodsCard } from './components/PaymentMethodsCard';
import type { StatisticCardProps } from './components/StatisticCardProps';
import { StatusMessage } from './components/StatusMessage';
import { useBranches } from './hooks/useBranches';
import { useConfig } from './hooks/useConfig';
import { useDashboardData, type DashboardDataOptions } from './hooks/useDashboardData';
import { useStaggered } from './hooks/useStaggered';
import { useUrlState } from './hooks/useUrlState';
import { rangeOptions } from './lib/rangeOptions';
import { resolveRequest } from './lib/resolveRequest';
import { perWindowLabel } from './lib/perWindowLabel';
import { resolutionSpec } from './lib/resolutionSpec';

export interface AppProps {
  /** Socket factory (tests). */
  connect?: DashboardDataOptions['connect'];
  /** Fixed chart width (tests). */
  chartWidth?: number;
}

const NO_WINDOWS: StatisticCardProps['windows'] = [];

/** The payment and coffee cards take each update this much later than the previous card (see useStaggered). */
const STAGGER_MS = 120;

/** The dashboard page: header, KPIs and the three statistic cards. */
export function App({ connect, chartWidth }: AppProps) {
  const [selection, select] = useUrlState();
  const { settled, config } = useConfig();
  const { branch, resolution, last } = resolveRequest(selection, config);
  const ranges = useMemo(() => rangeOptions(resolution, config.windowSizeSeconds), [resolution, config.windowSizeSeconds]);
  const request = useMemo(() => ({ branch, resolution, last }), [branch, resolution, last]);
  const data = useDashboardData({ request, config, configReady: settled, connect });
  const branches = useBranches(data.reconnections);

  const chart = data.chart;
  const paymentChart = useStaggered(chart, STAGGER_MS);
  const coffeeChart = useStaggered(chart, 2 * STAGGER_MS);
  const fallbackSpec = resolutionSpec(resolution, config.windowSizeSeconds);
  const common = { phase: data.phase, stale: data.stale, updatedAt: data.updatedAt, chartWidth };
  const forChart = (c: typeof chart) => {
    const spec = c?.spec ?? fallbackSpec;
    return { ...common, precision: spec.precision, durationMs: spec.durationMs, per: perWindowLabel(spec.precision, config.windowSizeSeconds), hasData: c !== null };
  };
  const error = data.phase === 'error' ? describeError(data.error) : null;

  return (
    <div className="app">
      <Header
        branches={branches}
        branch={selection.branch}
        onBranchChange={(branch) => select({ branch })}
        resolutions={config.resolutions}
        resolution={resolution}
        onResolutionChange={(r) => select({ resolution: r, last: 0 })}
        ranges={ranges}
        last={last}
        onRangeChange={(n) => select({ last: n })}
        status={data.connection}
        updatedAt={data.updatedAt}
        timeZone={config.timeZone}
      />
      <main className="main">
        {error && (
          <StatusMessage
            tone="error"
            title={error.title}
            hint={error.hint}
            testId="error-banner"
            action={
              <button type="button" className="button" onClick={data.reload}>
                Retry now
              </button>
            }
          />
        )}
        {!error && data.connection === 'offline' && chart && (
          <StatusMessage
            tone="info"
            title="Live updates are offline — figures may be out of date."
            hint="Is the API gateway running on :3000? The dashboard reconnects and backfills by itself."
            testId="offline-banner"
          />
        )}
        <KpiPanel lastHour={data.lastHour} windowSizeSeconds={config.windowSizeSeconds} timeZone={config.timeZone} phase={data.phase} />
        <div className="charts">
          <AgeGradesCard {...forChart(chart)} windows={chart?.windows.CustomerAgeGrades ?? NO_WINDOWS} known={config.vocabulary.CustomerAgeGrades} />
          <PaymentMethodsCard {...forChart(paymentChart)} windows={paymentChart?.windows.PaymentMethods ?? NO_WINDOWS} known={config.vocabulary.PaymentMethods} />
          <CoffeeTypesCard {...forChart(coffeeChart)} windows={coffeeChart?.windows.Orders ?? NO_WINDOWS} known={config.vocabulary.Orders} />
        </div>
      </main>
      <footer className="footer">
        Times in {config.timeZone} · {config.windowSizeSeconds} s base windows · live via socket.io
      </footer>
    </div>
  );
}
