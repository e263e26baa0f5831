// The pre-render: before React and recharts have loaded, the entry (main.ts) draws the first view from the data the
// gateway embedded in index.html: the page shell the build rendered from the app's own components
// (`<template id="coffee-first-view-shell">`, prerender/shell.tsx) with the first chart drawn as static SVG
// (firstChartGeometry → firstChartSvg). The React page renders hidden behind it and takes its place once its own
// chart has drawn (replaceWhenDrawn): same boxes, so nothing moves.
import type { StatsWindow } from '@coffee/aggregation';
import type { FirstViewData } from '../api/firstView';
import { timeChartKind } from '../charts/timeChartKind';
import { configWithDefaults } from '../lib/configWithDefaults';
import { firstChartGeometry } from '../lib/firstChartGeometry';
import { formatNumber } from '../lib/formatNumber';
import { inProgressDate } from '../lib/inProgressDate';
import { orderedCategories } from '../lib/orderedCategories';
import { perWindowLabel } from '../lib/perWindowLabel';
import type { ApiConfig } from '../lib/types';
import { resolutionSpec } from '../lib/resolutionSpec';
import { resolveRequest } from '../lib/resolveRequest';
import type { ViewSelection } from '../lib/parseSelection';
import { firstChartSvg } from './firstChartSvg';

/** id of the `<template>` holding the static page shell. */
export const FIRST_VIEW_SHELL_ID = 'coffee-first-view-shell';
/** The React page waits behind the pre-render with this class (styles.css). */
export const BEHIND_CLASS = 'is-behind';
/** The pre-render gives way to the React page this long after it mounted even if its chart has not drawn, ms. */
export const REPLACE_TIMEOUT_MS = 10_000;

/** The React age-grade chart, drawn (bars or areas), or the card in a state without a chart (empty, error). */
const REACT_CHART_DRAWN = '[data-testid=chart-age-grades][data-state=ready] :is(.stacked-bars__segment, .stacked-areas__area)';
const REACT_CHART_SETTLED = '[data-testid=chart-age-grades]:is([data-state=empty], [data-state=error])';

const windowsOf = (answer: unknown): StatsWindow[] | null => {
  const windows = (answer as { series?: { CustomerAgeGrades?: unknown } } | null)?.series?.CustomerAgeGrades;
  return Array.isArray(windows) && windows.every((w) => w && typeof w.date === 'string' && typeof w.total === 'number' && w.counts && typeof w.counts === 'object') ? windows : null;
};

/**
 * Draws the first view before `root` (the React root) when the page shows the view whose data is embedded: the
 * selection asks for exactly the embedded URLs, the chart's answer is there and it is drawn as bars. Returns the
 * shell element, or null when nothing was drawn (the React page then loads as it always did).
 */
export function drawFirstView(doc: Document, root: HTMLElement, data: FirstViewData | null, selection: ViewSelection, urls: readonly string[]): HTMLElement | null {
  const template = doc.getElementById(FIRST_VIEW_SHELL_ID);
  const answers = data?.answers;
  if (!(template instanceof HTMLTemplateElement) || !answers || selection.from || selection.compare.length > 0 || urls.join('\n') !== data.urls.join('\n')) {
    return null;
  }
  const windows = windowsOf(answers[urls[2]]);
  if (!windows || windows.length === 0 || timeChartKind(windows.length) !== 'bars') {
    return null;
  }
  const config: ApiConfig = configWithDefaults((answers['/api/config'] ?? undefined) as Partial<ApiConfig> | undefined);
  const { resolution } = resolveRequest(selection, config);
  const spec = resolutionSpec(resolution, config.windowSizeSeconds, config.timeZone);
  const shell = doc.createElement('div');
  shell.className = 'first-view';
  shell.setAttribute('aria-hidden', 'true');
  shell.inert = true;
  shell.append(template.content.cloneNode(true));
  root.before(shell);
  const box = shell.querySelector<HTMLElement>('[data-prerender-chart]');
  const card = shell.querySelector<HTMLElement>('[data-shell-testid=chart-age-grades]');
  if (!box || !card) {
    shell.remove();
    return null;
  }
  const theme = typeof doc.defaultView?.matchMedia === 'function' && doc.defaultView.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  const geometry = firstChartGeometry({
    type: 'CustomerAgeGrades',
    windows,
    categories: orderedCategories(windows, config.vocabulary.CustomerAgeGrades),
    precision: spec.precision,
    windowSeconds: spec.durationMs / 1000,
    unit: `orders per ${perWindowLabel(spec.precision, config.windowSizeSeconds)}`,
    partialDate: inProgressDate(windows, spec.durationMs, Date.now()),
    width: Math.floor(box.getBoundingClientRect().width),
    height: parseFloat(box.style.minHeight) || 0,
    theme,
  });
  box.innerHTML = firstChartSvg(geometry);
  card.dataset.total = String(geometry.total);
  const caption = shell.querySelector('[data-shell-testid=chart-age-grades-caption]');
  if (caption) {
    caption.textContent = `${formatNumber(geometry.total)} orders in range`;
  }
  // The build rendered the legend in the light palette.
  const colors = new Map(geometry.series.map((s) => [s.key, s.color]));
  for (const item of card.querySelectorAll<HTMLElement>('.legend__item')) {
    const swatch = item.querySelector<HTMLElement>('.legend__swatch');
    const color = colors.get(item.dataset.category ?? '');
    if (swatch && color) {
      swatch.style.background = color;
    }
  }
  root.classList.add(BEHIND_CLASS);
  return shell;
}

/**
 * Removes `shell` and shows `root` (rendering behind it) in the same task once the React age-grade chart has drawn
 * (or settled empty / in error), or after `timeoutMs`. Called when the React page mounts. Returns a function that
 * does it at once.
 */
export function replaceWhenDrawn(shell: HTMLElement, root: HTMLElement, timeoutMs = REPLACE_TIMEOUT_MS): () => void {
  let done = false;
  const replace = () => {
    if (done) {
      return;
    }
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    shell.remove();
    root.classList.remove(BEHIND_CLASS);
  };
  const observer = new MutationObserver(() => {
    if (root.querySelector(REACT_CHART_DRAWN) || root.querySelector(REACT_CHART_SETTLED)) {
      replace();
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  const timer = setTimeout(replace, timeoutMs);
  return replace;
}
