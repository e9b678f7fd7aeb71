import { defineConfig } from 'vite';

// The app is served by Grok2Api.Proxy at /admin/ from files embedded in its assembly
// (docs/adr/0012-admin-app-build-and-serving.md). Everything it loads comes from that
// origin: no CDN, no web font, so it works offline.
export default defineConfig({
  base: '/admin/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    // One small app: inline nothing as data: URIs (the page's CSP allows 'self' scripts and styles).
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev` proxies the API to a service running locally.
    proxy: { '/v1': 'http://127.0.0.1:8000' },
  },
});
