import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // Keep the package out of dev pre-bundling so `new URL('…_bg.wasm', import.meta.url)` stays next to its JS.
  optimizeDeps: { exclude: ['apikeys-wasm'] },
  build: { outDir: 'dist', emptyOutDir: true },
});
