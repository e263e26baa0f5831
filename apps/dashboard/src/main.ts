// Entry: a few kB that run as soon as the page has parsed. They request what the first view needs (config,
// branches, the default view's history) and the chart chunk, then load the app. React, the app and recharts
// arrive and compile while the gateway answers, instead of the requests waiting for all of that to run first.
// The hooks take these answers (a config other than the default refetches).
import { historyUrls } from './api/historyUrls';
import { prefetch } from './api/prefetch';
import { preloadCharts } from './charts/loadCharts';
import { configWithDefaults } from './lib/configWithDefaults';
import { parseSelection } from './lib/parseSelection';
import { resolveRequest } from './lib/resolveRequest';
import './styles.css';

const defaults = configWithDefaults();
prefetch(['/api/config', '/api/branches', ...historyUrls(resolveRequest(parseSelection(window.location.search), defaults), `${defaults.windowSizeSeconds}s`)]);
preloadCharts();

const root = document.getElementById('root');
if (root) {
  import('./mount').then(
    ({ mount }) => mount(root),
    () => {
      root.textContent = 'The dashboard could not load its code. Is the API gateway still running? Reload the page to try again.';
    },
  );
}
