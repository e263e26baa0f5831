// Vite config for the dashboard: `nx serve dashboard` (dev server on :4200 proxying the API gateway)
// and `nx build dashboard` (static files in apps/dashboard/dist, served by the gateway at `/`).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { defineConfig, runnerImport, type Plugin } from 'vite';
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

/** The first view's static shell and REST URLs, rendered at build time by `src/prerender/shell.tsx`. */
interface ShellModule {
  firstViewShellHtml(): string;
  firstViewPlaceholder(): string;
}

/**
 * Writes the first view into `index.html` (see `src/prerender/drawFirstView.ts`): the page shell, rendered from the
 * app's own components, in a `<template>` (its `data-testid`s renamed `data-shell-testid`, so tests and the app see
 * one element per id), and `<script type="application/json" id="coffee-first-view">` naming the REST URLs of the
 * default view, which the gateway fills with their answers when it serves the page.
 */
function firstViewShell(): Plugin {
  return {
    name: 'coffee-first-view-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler() {
        const { module } = await runnerImport<ShellModule>(join(import.meta.dirname, 'src/prerender/shell.tsx'), { root: import.meta.dirname, configFile: false });
        const shell = module.firstViewShellHtml().replaceAll(' data-testid="', ' data-shell-testid="');
        return [
          { tag: 'script', attrs: { type: 'application/json', id: 'coffee-first-view' }, children: module.firstViewPlaceholder(), injectTo: 'head' as const },
          { tag: 'template', attrs: { id: 'coffee-first-view-shell' }, children: shell, injectTo: 'body-prepend' as const },
        ];
      },
    },
  };
}

/** Files worth compressing, and the size below which compression does not pay for its header. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;
const MIN_COMPRESS_BYTES = 512;

/**
 * Writes `.br` (quality 11) and `.gz` (level 9) beside every compressible output file: the gateway sends them by
 * content negotiation (`apps/api-gateway/src/http/dashboard-static.ts`), so no compressing proxy is needed and no
 * CPU is spent per request.
 */
function precompress(): Plugin {
  return {
    name: 'coffee-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir ?? 'dist';
      let raw = 0;
      let br = 0;
      let gz = 0;
      for (const fileName of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) {
          continue;
        }
        const path = join(outDir, fileName);
        const data = readFileSync(path);
        if (data.length < MIN_COMPRESS_BYTES) {
          continue;
        }
        const brotli = brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } });
        const gzip = gzipSync(data, { level: 9 });
        writeFileSync(`${path}.br`, brotli);
        writeFileSync(`${path}.gz`, gzip);
        raw += data.length;
        br += brotli.length;
        gz += gzip.length;
      }
      this.info(`pre-compressed ${raw} bytes → ${br} br, ${gz} gz`);
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
  plugins: [react(), preloadEagerChunks(), firstViewShell(), devGatewayMeta(), precompress()],
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
