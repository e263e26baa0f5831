import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { historyUrls } from './api/historyUrls';
import { prefetch } from './api/prefetch';
import { preloadCharts } from './charts/lazyCharts';
import { readSelection } from './hooks/useUrlState';
import { configWithDefaults } from './lib/configWithDefaults';
import { resolveRequest } from './lib/resolveRequest';
import './styles.css';

// What the first view needs, requested now (default config: 30 s windows) rather than once React has
// rendered and the config has answered; the hooks take these answers (a different config refetches).
const defaults = configWithDefaults();
prefetch(['/api/config', '/api/branches', ...historyUrls(resolveRequest(readSelection(), defaults), `${defaults.windowSizeSeconds}s`)]);
preloadCharts();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
