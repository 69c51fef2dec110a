import { resolve } from 'node:path';
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig, type Plugin } from 'vite';
import { messageIdsOnlyPlugin, stripTranslatorNotesPlugin } from './scripts/localize-build.mjs';

const root = import.meta.dirname;

/**
 * The browsers README's "Browsers" names (AbortSignal.any sets the floor), for the JavaScript
 * (build.target) and, in lightningcss's notation (major << 16 | minor << 8), for the CSS.
 */
const BROWSERS = ['chrome116', 'edge116', 'firefox124', 'safari17.4'];
const CSS_TARGETS = { chrome: 116 << 16, edge: 116 << 16, firefox: 124 << 16, safari: (17 << 16) | (4 << 8) };

/**
 * The static text of our `html` and `css` templates minified (html-minifier-next and
 * lightningcss, the Lit team's plugin), in the build only, before TypeScript is stripped.
 */
const templates = minifyLiterals({
  include: ['**/src/**/*.ts'],
  failOnError: true,
  options: { minifyOptions: { minifyCSS: { targets: CSS_TARGETS } } },
});
const minifyTemplates: Plugin = {
  name: templates.name,
  enforce: 'pre',
  apply: 'build',
  // A Rollup plugin's hook; it uses only this.error and this.warn, which Vite's context has too.
  // No source map, as before (the build writes none).
  async transform(code, id) {
    const result = (await templates.transform.call(this as never, code, id)) as { code: string } | null | undefined;
    return result ? { code: result.code, map: null } : null;
  },
};

// `npm start`: the demo pages (index.html, sign-in.html) with the msw mock backend.
// `npm run build`: dist/city-login.js, a self-contained ES module (Lit included: ReactiveElement in it,
// lit-html in a chunk beside it).
export default defineConfig({
  // Translators' notes and the runtime's id generation left out of the bundle
  // (scripts/localize-build.mjs), then the templates minified.
  plugins: [stripTranslatorNotesPlugin(), messageIdsOnlyPlugin(), minifyTemplates],
  server: { port: 5173 },
  build: {
    // All run ES2022 as is.
    target: BROWSERS,
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
      // ReactiveElement and @lit/localize stay in city-login.js (one request); the chunks import them from there.
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        // No `/* @__PURE__ */` in the files a page loads: they are for a bundler that tree-shakes,
        // and this build is the last one (the npm build, dist/npm/, is tsc's and keeps its own).
        comments: { annotation: false },
        chunkFileNames: 'chunks/[name]-[hash].js',
        // lit-html (with lit-element, for the form's field) and the view's parts that render with
        // it, in one chunk shared by the chunks that use it (the form's, the passkeys', the
        // warning's, the reset step's): not in city-login.js, whose own view is built with DOM calls
        // (issue 15). Only these modules: not what they import (ReactiveElement stays eager).
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [{ name: 'lit', test: /node_modules[\\/](lit-html|lit-element|lit)[\\/]|src[\\/]login[\\/]parts\.ts$/ }],
        },
      },
    },
  },
});
