// Builds the page (plain TypeScript + uPlot) into dist/ui, which UiModule serves at /ui/model-performance/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/ui/model-performance/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: here('../../../dist/ui'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // No inline module preload polyfill: the page runs under script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
