// Build time only (the Vite plugin `firstViewShell` in vite.config.ts renders it to static HTML): the page as the app
// draws it while the default view loads, made of the app's own components, with the first chart's card ready and an
// empty box where the pre-render (prerender/drawFirstView.ts) draws the chart from the data the gateway embeds.
// Same components, same classes, same heights: the React page that replaces it lands on the same boxes.
import { renderToStaticMarkup } from 'react-dom/server';
import { firstViewUrls } from '../api/firstView';
import { statsUrl } from '../api/statsUrl';
import { AGE_GRADES_HEIGHT } from '../components/AgeGradesCard';
import { ChartCard } from '../components/ChartCard';
import { COFFEE_TYPES_LOADING_HEIGHT } from '../components/CoffeeTypesCard';
import { ChartLegend } from '../components/ChartLegend';
import { Header } from '../components/Header';
import { KpiTiles } from '../components/KpiTiles';
import { PAYMENT_METHODS_HEIGHT } from '../components/PaymentMethodsCard';
import { categoryColor } from '../lib/categoryColor';
import { categoryLabel } from '../lib/categoryLabel';
import { configWithDefaults } from '../lib/configWithDefaults';
import { parseSelection } from '../lib/parseSelection';
import { rangeOptions } from '../lib/rangeOptions';
import { resolveRequest } from '../lib/resolveRequest';

const nothing = () => undefined;

/** The static page of the default view (no query string) under the default config, as HTML. */
export function firstViewShellHtml(): string {
  const config = configWithDefaults();
  const { branch, resolution, last } = resolveRequest(parseSelection(''), config);
  const legend = config.vocabulary.CustomerAgeGrades.map((c) => ({ key: c, label: categoryLabel('CustomerAgeGrades', c), color: categoryColor('CustomerAgeGrades', c), hidden: false }));
  const loadingCard = (testId: string, title: string, height: number) => (
    <ChartCard testId={testId} title={title} caption="" total={0} updatedAt={null} state="loading" height={height}>
      {null}
    </ChartCard>
  );
  return renderToStaticMarkup(
    <div className="app">
      <Header
        branches={[]}
        branch={branch}
        onBranchChange={nothing}
        resolutions={config.resolutions}
        resolution={resolution}
        onResolutionChange={nothing}
        ranges={rangeOptions(resolution, config.windowSizeSeconds)}
        last={last}
        onRangeChange={nothing}
        customRange={null}
        onCustomRange={nothing}
        suggestedRange={() => ({ from: '', to: '' })}
        status="connecting"
        updatedAt={null}
        timeZone={config.timeZone}
      />
      <main className="main">
        <p className="view-tools">
          <a className="button button--link" href={statsUrl(branch, resolution, last, undefined, 'csv')} download={`coffee-pulse-${branch}-${resolution}.csv`}>
            Download CSV
          </a>
        </p>
        <div className="kpi-panel">
          <KpiTiles kpis={null} windowSizeSeconds={config.windowSizeSeconds} timeZone={config.timeZone} phase="loading" />
        </div>
        <div className="charts">
          <ChartCard
            testId="chart-age-grades"
            className="span-full"
            title="Customer age grades"
            caption=""
            total={0}
            updatedAt={null}
            state="ready"
            height={AGE_GRADES_HEIGHT}
            legend={<ChartLegend label="Age grades" items={legend} onToggle={nothing} />}
          >
            <div className="time-chart prerender-chart" style={{ minHeight: AGE_GRADES_HEIGHT }} data-prerender-chart="" />
          </ChartCard>
          {loadingCard('chart-payment-methods', 'Payment methods', PAYMENT_METHODS_HEIGHT)}
          {loadingCard('chart-coffee-types', 'Coffee types', COFFEE_TYPES_LOADING_HEIGHT)}
        </div>
      </main>
    </div>,
  );
}

/** The first view's REST URLs (default view, default config): the text of the `coffee-first-view` element the gateway fills. */
export function firstViewPlaceholder(): string {
  return JSON.stringify({ urls: firstViewUrls(parseSelection(''), configWithDefaults()) });
}
