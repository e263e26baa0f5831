import { useMemo } from 'react';
import { describeError } from './api/describeError';
import { AgeGradesCard } from './components/AgeGradesCard';
import { AlertsPanel } from './components/AlertsPanel';
import { CoffeeTypesCard } from './components/CoffeeTypesCard';
import { Header } from './components/Header';
import { CompareCard } from './components/CompareCard';
import { KpiPanel } from './components/KpiPanel';
import { PaymentMethodsCard } from './components/PaymentMethodsCard';
import type { StatisticCardProps } from './components/StatisticCardProps';
import { StatisticTypeCard, TABLE_CARD_TYPES } from './components/StatisticTypeCard';
import { StatusMessage } from './components/StatusMessage';
import { useBranches } from './hooks/useBranches';
import { socketAlerts, useAlerts } from './hooks/useAlerts';
import { useConfig } from './hooks/useConfig';
import { useDashboardData, type DashboardDataOptions } from './hooks/useDashboardData';
import { useOffline } from './hooks/useOffline';
import { useStaggered } from './hooks/useStaggered';
import { useUrlState } from './hooks/useUrlState';
import { rangeOptions } from './lib/rangeOptions';
import { resolveRequest } from './lib/resolveRequest';
import { formatClock } from './lib/formatClock';
import { gatewayAddress } from './lib/gatewayAddress';
import { perWindowLabel } from './lib/perWindowLabel';
import { wallClockOf } from './lib/wallClockOf';
import { wallClockRange } from './lib/wallClockRange';
import { statsUrl } from './api/statsUrl';
import { resolutionSpec } from './lib/resolutionSpec';

export interface AppProps {
  /** Socket factory (tests). */
  connect?: DashboardDataOptions['connect'];
  /** Fixed chart width (tests). */
  chartWidth?: number;
  /** The gateway's address in messages (tests); read from the page otherwise. */
  gateway?: string;
}

const NO_WINDOWS: StatisticCardProps['windows'] = [];

/** The payment and coffee cards take each update this much later than the previous card (see useStaggered). */
const STAGGER_MS = 120;

/** The dashboard page: header, KPIs and a card per statistic type. */
export function App({ connect, chartWidth, gateway = gatewayAddress(document, window.location.origin) }: AppProps) {
  const [selection, select] = useUrlState();
  const { settled, config } = useConfig();
  const { branch, resolution, last } = resolveRequest(selection, config);
  const ranges = useMemo(() => rangeOptions(resolution, config.windowSizeSeconds), [resolution, config.windowSizeSeconds]);
  const range = useMemo(() => wallClockRange(selection.from, selection.to, config.timeZone), [selection.from, selection.to, config.timeZone]);
  const request = useMemo(() => ({ branch, resolution, last, range }), [branch, resolution, last, range]);
  const data = useDashboardData({ request, config, configReady: settled, connect });
  const branches = useBranches(data.reconnections);
  const offline = useOffline(data.connection);
  // One alert list for the panel and the charts' markers.
  const alerts = useAlerts({ subscribe: connect === undefined ? socketAlerts : undefined });
  const unknownBranch = branches.known && selection.branch !== 'all' && !branches.names.includes(selection.branch);

  const chart = data.chart;
  const paymentChart = useStaggered(chart, STAGGER_MS);
  const coffeeChart = useStaggered(chart, 2 * STAGGER_MS);
  const fallbackSpec = resolutionSpec(resolution, config.windowSizeSeconds, config.timeZone);
  // Offline with data: the last data stays, dimmed and dated, instead of an error; a new selection waits for the gateway.
  const keepOld = offline && chart !== null;
  const phase = keepOld ? 'ready' : data.phase;
  const common = { phase, stale: data.stale || offline, updatedAt: data.updatedAt, chartWidth };
  const forChart = (c: typeof chart) => {
    const spec = c?.spec ?? fallbackSpec;
    const view = { branch: c?.branch ?? branch, resolution: spec.id, alerts: alerts.alerts };
    return { ...common, ...view, precision: spec.precision, durationMs: spec.durationMs, per: perWindowLabel(spec.precision, config.windowSizeSeconds), hasData: c !== null };
  };
  const error = phase === 'error' ? describeError(data.error, gateway) : null;
  const asOf = data.updatedAt === null ? 'the last load' : formatClock(data.updatedAt, config.timeZone);
  const pending = chart !== null && data.stale && (chart.branch !== branch || chart.spec.id !== resolution || (!range && chart.capacity !== last));
  const waiting = pending ? `${branchName(branch)} · ${resolution} cannot load yet; it will load when the gateway is back. ` : '';

  return (
    <div className="app">
      <a className="skip-link" href="#charts">
        Skip to the charts
      </a>
      <Header
        branches={branches.names}
        branch={selection.branch}
        onBranchChange={(branch) => select({ branch })}
        resolutions={config.resolutions}
        resolution={resolution}
        onResolutionChange={(r) => select({ resolution: r, last: 0 })}
        ranges={ranges}
        last={last}
        onRangeChange={(n) => select({ last: n, from: '', to: '' })}
        customRange={range ? { from: selection.from, to: selection.to } : null}
        onCustomRange={(r) => select(r)}
        suggestedRange={() => ({ from: wallClockOf(Date.now() - 3_600_000, config.timeZone), to: wallClockOf(Date.now(), config.timeZone) })}
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
        {!error && keepOld && (
          <StatusMessage
            tone="info"
            title={`Offline — data as of ${asOf}.`}
            hint={`${waiting}Cannot reach the API gateway at ${gateway}; the dashboard reconnects and backfills by itself.`}
            testId="offline-banner"
          />
        )}
        {unknownBranch && (
          <StatusMessage
            tone="error"
            title={`No such branch: “${selection.branch}”.`}
            hint={`Known branches: ${branches.names.join(', ') || 'none yet'}. Pick one above or All branches.`}
            testId="unknown-branch"
          />
        )}
        <p className="view-tools" hidden={unknownBranch}>
          {range && <span className="view-tools__note">Fixed range: live updates are not added to the charts.</span>}
          <a className="button button--link" data-testid="download-csv" href={statsUrl(branch, resolution, last, range, 'csv')} download={`coffee-pulse-${branch}-${resolution}.csv`}>
            Download CSV
          </a>
        </p>
        <KpiPanel hidden={unknownBranch} dimmed={offline} lastHour={data.lastHour} windowSizeSeconds={config.windowSizeSeconds} timeZone={config.timeZone} phase={data.phase} />
        <div id="charts" tabIndex={-1} className={offline ? 'charts is-offline' : 'charts'} hidden={unknownBranch}>
          <AgeGradesCard {...forChart(chart)} windows={chart?.windows.CustomerAgeGrades ?? NO_WINDOWS} known={config.vocabulary.CustomerAgeGrades} />
          <PaymentMethodsCard {...forChart(paymentChart)} windows={paymentChart?.windows.PaymentMethods ?? NO_WINDOWS} known={config.vocabulary.PaymentMethods} />
          <CoffeeTypesCard {...forChart(coffeeChart)} windows={coffeeChart?.windows.Orders ?? NO_WINDOWS} known={config.vocabulary.Orders} />
          {TABLE_CARD_TYPES.map((type) => (
            <StatisticTypeCard key={type} type={type} {...forChart(coffeeChart)} windows={coffeeChart?.windows[type] ?? NO_WINDOWS} known={config.vocabulary[type]} />
          ))}
          <CompareCard
            branches={branches.names}
            selected={selection.compare}
            onChange={(compare) => select({ compare })}
            request={request}
            precision={fallbackSpec.precision}
            unit={`orders per ${perWindowLabel(fallbackSpec.precision, config.windowSizeSeconds)}`}
          />
        </div>
        <AlertsPanel {...alerts} />
      </main>
      <footer className="footer">
        Times in {config.timeZone} · {config.windowSizeSeconds} s base windows · live via socket.io
      </footer>
    </div>
  );
}

const branchName = (b: string) => (b === 'all' ? 'All branches' : b.charAt(0).toUpperCase() + b.slice(1));
