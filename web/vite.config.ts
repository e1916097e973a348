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
  // `npm run dev` / `vite preview` talk to a server started with ./confab run (or CONFAB_DEV_SERVER)
  server: { proxy: proxy() },
  preview: { proxy: proxy() },
});

function proxy() {
  const target = process.env.CONFAB_DEV_SERVER ?? 'http://127.0.0.1:8080';
  return { '/api': target, '/ws': { target: target.replace(/^http/, 'ws'), ws: true } };
}
