import { defineConfig } from 'vite';

// The public pages (/login, /imagine, /video, /voice): a second app built from the same sources into
// dist-public/, served by Grok2Api.Proxy only while app.public_enabled is on, with its assets below
// /public/ (docs/adr/0027-public-pages.md). It shares the stylesheet and the i18n module with the admin
// app at build time, and nothing at run time: it never loads a file from /admin/ or calls /v1/admin.
export default defineConfig({
  base: '/public/',
  publicDir: false,
  build: {
    outDir: 'dist-public',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    assetsInlineLimit: 0,
    rollupOptions: { input: 'playground.html' },
    // livekit-client (about 530 kB) is its own chunk, loaded only by the voice page when it connects.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev:public` proxies the API (and the imagine WebSocket) to a service running locally.
    proxy: { '/v1': { target: 'http://127.0.0.1:8000', ws: true } },
  },
});
