import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { preloadCharts } from './charts/lazyCharts';
import './styles.css';

const root = document.getElementById('root');
preloadCharts();
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
