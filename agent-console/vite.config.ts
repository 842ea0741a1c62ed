import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The API serves dist/ in production; in development Vite proxies the API and Socket.IO to it.
const api = process.env.COBRANZA_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: api, changeOrigin: true, rewrite: (path) => path.replace(/^\/api/, '') },
      '/socket.io': { target: api, ws: true, changeOrigin: true },
    },
  },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1500 },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**'],
    // a screen walked through many steps in jsdom outlasts 5 s on a loaded 2-core machine
    testTimeout: 20_000,
  },
});
