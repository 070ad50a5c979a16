import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // worker: the findRewrites thread script (src/index/pool.ts starts it from beside the bundle).
    entry: { index: 'src/index.ts', redis: 'src/index/redis-storage.ts', worker: 'src/index/worker.ts' },
    format: ['esm', 'cjs'],
    // Types for the public entries only (the worker script exports nothing).
    dts: { entry: { index: 'src/index.ts', redis: 'src/index/redis-storage.ts' } },
    clean: true,
    sourcemap: false,
    target: 'node20',
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
    // __filename in the ESM build too: the pool finds worker.mjs beside the bundle by it.
    shims: true,
    // The pool resolves tsx only when it runs TypeScript sources (development); never bundled.
    external: ['tsx'],
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    target: 'node20',
    outExtension: () => ({ js: '.cjs' }),
    banner: { js: '#!/usr/bin/env node' },
    external: ['tsx'],
  },
]);
