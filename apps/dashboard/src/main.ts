// Entry: a few kB that run as soon as the page has parsed. They take the first view's answers the gateway embedded in
// the page (api/firstView) or request them (config, branches, the view's history), draw the first chart from them
// before React and recharts have loaded (prerender/drawFirstView), and load the app and the chart chunk. React, the
// app and recharts arrive and compile while the first chart is already on screen; the React page renders behind the
// pre-render and replaces it once its own chart has drawn. The hooks take these answers (a config other than the
// default refetches).
import { FIRST_VIEW_DATA_ID, firstViewUrls, parseFirstViewData } from './api/firstView';
import { prefetch } from './api/prefetch';
import { preloadCharts } from './charts/loadCharts';
import { configWithDefaults } from './lib/configWithDefaults';
import { parseSelection } from './lib/parseSelection';
import { BEHIND_CLASS, drawFirstView, replaceWhenDrawn } from './prerender/drawFirstView';
import './styles.css';

const selection = parseSelection(window.location.search);
const urls = firstViewUrls(selection, configWithDefaults());
const embedded = parseFirstViewData(document.getElementById(FIRST_VIEW_DATA_ID)?.textContent);
const root = document.getElementById('root');
// Drawn first: the requests below are asynchronous, but starting them (and the chunks' imports) takes main-thread time.
const shell = root ? drawFirstView(document, root, embedded, selection, urls) : null;
prefetch(urls, embedded?.answers);
preloadCharts();

if (root) {
  import('./mount').then(
    ({ mount }) => {
      // Watched from the mount on (the time bound too): however long React and recharts take to arrive, the
      // pre-render stays until the React page has something to show in its place.
      if (shell) {
        replaceWhenDrawn(shell, root);
      }
      mount(root);
    },
    () => {
      shell?.remove();
      root.classList.remove(BEHIND_CLASS);
      root.textContent = 'The dashboard could not load its code. Is the API gateway still running? Reload the page to try again.';
    },
  );
}
