import { defineConfig } from 'vite';

// The server serves dist/ from its jar (server/pom.xml copies it to the classpath under web/).
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false }, // the polyfill is an inline script; CSP forbids it and Chromium does not need it
    assetsInlineLimit: 0, // no data: URLs for scripts or styles
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/ws': { target: 'ws://127.0.0.1:8080', ws: true } } },
});
