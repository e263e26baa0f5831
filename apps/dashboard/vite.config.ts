// Vite config for the dashboard: `nx serve dashboard` (dev server on :4200 proxying the API gateway)
// and `nx build dashboard` (static files in apps/dashboard/dist, served by the gateway at `/`).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** The chunks the entry imports at once (the app and the charts), as `/src/…` paths. */
const EAGER_CHUNKS = ['/src/mount.tsx', '/src/charts/charts.ts'];

/**
 * `<link rel="modulepreload">` for the chunks the entry loads at once: the browser fetches and compiles React,
 * the app and recharts while the HTML is parsed and the entry runs, instead of only once the entry asks for them.
 */
function preloadEagerChunks(): Plugin {
  return {
    name: 'coffee-preload-eager-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk' && c.isDynamicEntry);
        return EAGER_CHUNKS.flatMap((path) => {
          const chunk = chunks.find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith(path));
          return chunk ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' as const }] : [];
        });
      },
    },
  };
}

const gateway = `http://127.0.0.1:${process.env.GATEWAY_PORT || 3000}`;

/** The dev server proxies to `gateway`: messages name it (lib/gatewayAddress) instead of the dev server's own origin. */
function devGatewayMeta(): Plugin {
  return {
    name: 'coffee-dev-gateway-meta',
    apply: 'serve',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { name: 'coffee-gateway', content: gateway }, injectTo: 'head' }],
  };
}
const proxy = {
  '/api': { target: gateway, changeOrigin: true },
  '/socket.io': { target: gateway, ws: true, changeOrigin: true },
};

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/dashboard',
  plugins: [react(), preloadEagerChunks(), devGatewayMeta()],
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
