import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { minifyLiteralsPlugin } from './scripts/minify-literals.ts';

const root = import.meta.dirname;

// `npm start`: the demo pages (index.html, sign-in.html) with the msw mock backend.
// `npm run build`: dist/city-login.js, a self-contained ES module (Lit included).
export default defineConfig({
  plugins: [minifyLiteralsPlugin()],
  server: { port: 5173 },
  build: {
    // The browsers README's "Browsers" names (AbortSignal.any sets the floor); all run ES2022 as is.
    target: ['chrome116', 'edge116', 'firefox124', 'safari17.4'],
    outDir: 'dist',
    // A build starts from an empty dist/ (the npm build, dist/npm/, follows it): no stale chunk is ever packed.
    emptyOutDir: true,
    copyPublicDir: false,
    lib: {
      entry: resolve(root, 'src/city-login.ts'),
      formats: ['es'],
      fileName: () => 'city-login.js',
    },
    rolldownOptions: {
      // Lit stays in city-login.js (one request); the locale chunks import it from there.
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
