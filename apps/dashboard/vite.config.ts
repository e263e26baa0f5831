// Vite config for the dashboard: `nx serve dashboard` (dev server on :4200 proxying the API gateway)
// and `nx build dashboard` (static files in apps/dashboard/dist, served by the gateway at `/`).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `<link rel="modulepreload">` for the lazily loaded chart chunk in index.html: the browser fetches and
 * compiles recharts while the main chunk runs, instead of only once the app asks for it.
 */
function preloadChartChunk(): Plugin {
  return {
    name: 'coffee-preload-chart-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {});
        const charts = chunks.find((c) => c.type === 'chunk' && c.isDynamicEntry && c.facadeModuleId?.endsWith('/charts/charts.ts'));
        return charts ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${charts.fileName}` }, injectTo: 'head' }] : [];
      },
    },
  };
}

const gateway = `http://127.0.0.1:${process.env.GATEWAY_PORT || 3000}`;
const proxy = {
  '/api': { target: gateway, changeOrigin: true },
  '/socket.io': { target: gateway, ws: true, changeOrigin: true },
};

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/dashboard',
  plugins: [react(), preloadChartChunk()],
  resolve: { tsconfigPaths: true },
  server: { host: '127.0.0.1', port: 4200, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port: 4300, strictPort: true, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: true,
    // recharts lives in the lazily loaded `charts` chunk (~460 kB raw, ~130 kB gzipped); the budget is on gzipped JS.
    chunkSizeWarningLimit: 500,
  },
});
