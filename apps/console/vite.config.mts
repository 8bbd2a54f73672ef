import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The web console: a static build served by delivery-log at /console (HOOKSTREAM_CONSOLE_DIR). Vite 8 transforms
// TSX with Oxc itself, so no React plugin: only the automatic JSX runtime needs naming.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { outDir: fileURLToPath(new URL('../../dist/apps/console', import.meta.url)), emptyOutDir: true },
  test: { root, environment: 'happy-dom', include: ['src/**/*.spec.{ts,tsx}'], setupFiles: ['src/testing/setup.ts'] },
});
