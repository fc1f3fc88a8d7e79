import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The browser front end: the phone's face (/phone) and the management pages (/),
// built into dist/ui and served by src/web. Preact through the automatic JSX runtime.
export default defineConfig({
  root: import.meta.dirname,
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(import.meta.dirname, '../dist/ui'),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        phone: resolve(import.meta.dirname, 'phone/index.html'),
        admin: resolve(import.meta.dirname, 'admin/index.html'),
      },
    },
  },
});
