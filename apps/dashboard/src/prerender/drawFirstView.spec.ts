// Covers the pre-render in a document: the page shell the build renders (firstViewShellHtml) drawn from embedded
// answers, the chart as SVG with the React chart's classes, only for the view whose data is embedded; the React page
// waiting behind it and taking its place once its own chart has drawn (or settled empty), or after the time bound.
import { FIRST_VIEW_DATA_ID, firstViewUrls, parseFirstViewData, type FirstViewData } from '../api/firstView';
import { configWithDefaults } from '../lib/configWithDefaults';
import { parseSelection } from '../lib/parseSelection';
import { win } from '../test/fixtures';
import { BEHIND_CLASS, drawFirstView, FIRST_VIEW_SHELL_ID, replaceWhenDrawn } from './drawFirstView';
import { firstChartSvg } from './firstChartSvg';
import { firstViewPlaceholder, firstViewShellHtml } from './shell';

const URLS = firstViewUrls(parseSelection(''), configWithDefaults());
const NOW = Date.now();
// 20 windows of 30 s ending with the one filling now (tested against the real clock: only the newest is partial).
const dateOf = (i: number) => `2026120610${String(Math.floor(i / 2)).padStart(2, '0')}${i % 2 === 0 ? '00' : '30'}`;
const WINDOWS = Array.from({ length: 20 }, (_, i) => ({ ...win(dateOf(i), { '2030': 2 + (i % 3), '9999': 1 }), start: NOW - (19 - i) * 30_000 - 5_000 }));
const DATA: FirstViewData = {
  urls: URLS,
  at: NOW,
  answers: { '/api/config': configWithDefaults(), [URLS[2]]: { branch: 'all', resolution: '30s', from: 0, to: 0, series: { CustomerAgeGrades: WINDOWS } } },
};
const SHELL = firstViewShellHtml().replaceAll(' data-testid="', ' data-shell-testid="');

function page(): HTMLElement {
  document.head.innerHTML = `<script type="application/json" id="${FIRST_VIEW_DATA_ID}">${firstViewPlaceholder()}</script>`;
  document.body.innerHTML = `<template id="${FIRST_VIEW_SHELL_ID}">${SHELL}</template><div id="root"></div>`;
  // jsdom lays nothing out: the chart box is as wide as a card at 1400 px.
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ width: 1314, height: 260, x: 0, y: 0, top: 0, left: 0, right: 1314, bottom: 260, toJSON: () => ({}) });
  return document.getElementById('root') as HTMLElement;
}

afterEach(() => {
  jest.restoreAllMocks();
  jest.useRealTimers();
});

describe('the build', () => {
  it('names the default view’s URLs in the element the gateway fills', () => {
    expect(parseFirstViewData(firstViewPlaceholder())).toEqual({ urls: URLS });
    expect(URLS).toEqual(['/api/config', '/api/branches', '/api/stats?branch=all&resolution=30s&last=20', '/api/stats?branch=all&resolution=1m&last=60', '/api/stats?branch=all&resolution=30s&last=2']);
  });

  it('renders the page shell from the app’s components, the first card ready with an empty chart box', () => {
    const shell = document.createElement('div');
    shell.innerHTML = SHELL;
    expect(shell.querySelector('[data-testid]')).toBeNull();
    expect(shell.querySelector('.header .header__title')?.textContent).toBe('Coffee Pulse');
    expect(shell.querySelectorAll('.kpi')).toHaveLength(5);
    expect(shell.querySelector('[data-shell-testid=chart-age-grades]')?.getAttribute('data-state')).toBe('ready');
    expect(shell.querySelector<HTMLElement>('[data-prerender-chart]')?.style.minHeight).toBe('260px');
    expect(shell.querySelectorAll('[data-shell-testid=chart-age-grades] .legend__item')).toHaveLength(10);
    expect(shell.querySelector('[data-shell-testid=chart-payment-methods]')?.getAttribute('data-state')).toBe('loading');
  });
});

describe('drawFirstView', () => {
  it('draws the embedded history before the React root, which waits behind it', () => {
    const root = page();
    const shell = drawFirstView(document, root, DATA, parseSelection(''), URLS);
    expect(shell?.nextElementSibling).toBe(root);
    expect(shell?.inert).toBe(true);
    expect(root.classList.contains(BEHIND_CLASS)).toBe(true);
    const card = shell?.querySelector('[data-shell-testid=chart-age-grades]');
    expect(card?.getAttribute('data-total')).toBe(String(WINDOWS.reduce((a, w) => a + w.total, 0)));
    expect(card?.querySelector('.card__caption')?.textContent).toBe(`${WINDOWS.reduce((a, w) => a + w.total, 0)} orders in range`);
    const svg = card?.querySelector('[data-prerender-chart] svg');
    expect(svg?.getAttribute('width')).toBe('1314');
    expect(svg?.getAttribute('height')).toBe('260');
    expect(svg?.querySelectorAll('.stacked-bars__column')).toHaveLength(20);
    expect(svg?.querySelectorAll('.stacked-bars__segment')).toHaveLength(40);
    expect([...(svg?.querySelectorAll('.stacked-bars__column--partial') ?? [])].map((c) => c.getAttribute('data-date'))).toEqual([WINDOWS[19].date]);
    expect(svg?.querySelector('.axis-unit')?.textContent).toBe('orders per 30 s');
  });

  it.each([
    ['another branch', '?branch=sunae'],
    ['another resolution', '?resolution=1m'],
    ['a fixed range', '?from=2026-12-06T09:00&to=2026-12-06T10:00'],
    ['a comparison', '?compare=jeongja,sunae'],
  ])('draws nothing for %s (the embedded data is the default view’s)', (_, search) => {
    const root = page();
    const selection = parseSelection(search);
    expect(drawFirstView(document, root, DATA, selection, firstViewUrls(selection, configWithDefaults()))).toBeNull();
    expect(document.querySelector('.first-view')).toBeNull();
    expect(root.classList.contains(BEHIND_CLASS)).toBe(false);
  });

  it.each([
    ['no answers (a page not served by the gateway)', { urls: URLS }],
    ['no chart answer', { urls: URLS, answers: { '/api/config': {} } }],
    ['a malformed chart answer', { urls: URLS, answers: { [URLS[2]]: { series: { CustomerAgeGrades: [{ date: 1 }] } } } }],
    ['too many windows for bars', { urls: URLS, answers: { [URLS[2]]: { series: { CustomerAgeGrades: Array.from({ length: 101 }, () => WINDOWS[0]) } } } }],
  ])('draws nothing with %s', (_, data) => {
    const root = page();
    expect(drawFirstView(document, root, data as FirstViewData, parseSelection(''), URLS)).toBeNull();
    expect(drawFirstView(document, root, null, parseSelection(''), URLS)).toBeNull();
    expect(root.classList.contains(BEHIND_CLASS)).toBe(false);
  });
});

describe('firstChartSvg', () => {
  it('escapes text', () => {
    const svg = firstChartSvg({
      width: 100,
      height: 50,
      plot: { x: 0, y: 0, width: 100, height: 50 },
      series: [],
      valueTicks: [],
      unit: { x: 0, y: 0, text: '<b>&"' },
      columns: [{ date: '"><x', partial: false, segments: [], outline: null }],
      timeLabels: [],
      total: 0,
    });
    const host = document.createElement('div');
    host.innerHTML = svg;
    expect(host.querySelector('.axis-unit')?.textContent).toBe('<b>&"');
    expect(host.querySelector('.stacked-bars__column')?.getAttribute('data-date')).toBe('"><x');
    expect(host.querySelector('b, x')).toBeNull();
  });
});

describe('replaceWhenDrawn', () => {
  const reactCard = (state: string, drawn: boolean) =>
    `<section data-testid="chart-age-grades" data-state="${state}">${drawn ? '<svg><rect class="stacked-bars__segment"></rect></svg>' : '<div class="chart-skeleton"></div>'}</section>`;

  it('swaps the pre-render for the React page once the React chart has drawn, not before', async () => {
    const root = page();
    const shell = drawFirstView(document, root, DATA, parseSelection(''), URLS) as HTMLElement;
    replaceWhenDrawn(shell, root);
    root.innerHTML = reactCard('loading', false);
    await Promise.resolve();
    root.innerHTML = reactCard('ready', false);
    await Promise.resolve();
    expect(shell.isConnected).toBe(true);
    expect(root.classList.contains(BEHIND_CLASS)).toBe(true);
    root.firstElementChild?.insertAdjacentHTML('beforeend', '<svg><rect class="stacked-bars__segment"></rect></svg>');
    await Promise.resolve();
    expect(shell.isConnected).toBe(false);
    expect(root.classList.contains(BEHIND_CLASS)).toBe(false);
  });

  it('swaps when the React card settles without a chart (empty)', async () => {
    const root = page();
    const shell = drawFirstView(document, root, DATA, parseSelection(''), URLS) as HTMLElement;
    replaceWhenDrawn(shell, root);
    root.innerHTML = reactCard('empty', false);
    await Promise.resolve();
    expect(shell.isConnected).toBe(false);
  });

  it('gives way after the time bound, and at once when asked (the app failed to load)', () => {
    jest.useFakeTimers();
    const root = page();
    const shell = drawFirstView(document, root, DATA, parseSelection(''), URLS) as HTMLElement;
    replaceWhenDrawn(shell, root, 1_000);
    jest.advanceTimersByTime(999);
    expect(shell.isConnected).toBe(true);
    jest.advanceTimersByTime(1);
    expect(shell.isConnected).toBe(false);
    expect(root.classList.contains(BEHIND_CLASS)).toBe(false);

    const again = drawFirstView(document, root, DATA, parseSelection(''), URLS) as HTMLElement;
    replaceWhenDrawn(again, root)();
    expect(again.isConnected).toBe(false);
  });
});
