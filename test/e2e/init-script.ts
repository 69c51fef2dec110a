/**
 * WebKit's classic WebDriver has no init scripts and no console: the test servers put one
 * script first in each page (the Vite demo through `serveInitScript()`, the mock server's
 * file map through `withInitScript()`), whose text test/e2e/engines.ts sets per context.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the WebKit pages' first script is written (the mock server serves files from disk). */
export const INIT_FILE = '.cache/e2e/init.js';
export const INIT_PATH = '/__e2e-init.js';
let initScript = '';

export function setInitScript(code: string): void {
  initScript = code;
  mkdirSync(dirname(INIT_FILE), { recursive: true });
  writeFileSync(INIT_FILE, code);
}

/** A Vite plugin for the demo: serves the init script and puts it first in each page, while one is set. */
export function serveInitScript() {
  return {
    name: 'e2e-init-script',
    configureServer(server: {
      middlewares: {
        use: (
          fn: (
            req: { url?: string },
            res: { setHeader: (k: string, v: string) => void; end: (b: string) => void },
            next: () => void,
          ) => void,
        ) => void;
      };
    }) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== INIT_PATH) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-store');
        res.end(initScript);
      });
    },
    transformIndexHtml(html: string) {
      return initScript ? html.replace(/<head>/i, `<head><script src="${INIT_PATH}"></script>`) : html;
    },
  };
}

/**
 * Files for the mock server's map: the page at `path` (from `htmlFile`), and for WebKit a copy
 * of it with the init script first, and the script itself.
 */
export function withInitScript(engine: string, path: string, htmlFile: string): Record<string, string> {
  if (engine !== 'webkit') return { [path]: htmlFile };
  const copy = join('.cache/e2e', `${path.replace(/\W/g, '_')}.html`);
  mkdirSync(dirname(copy), { recursive: true });
  writeFileSync(copy, readFileSync(htmlFile, 'utf8').replace(/<head>/i, `<head><script src="${INIT_PATH}"></script>`));
  return { [path]: copy, [INIT_PATH]: INIT_FILE };
}

/** Records page errors and console errors where the driver cannot see them (WebKit). */
export const RECORD_ERRORS = `(() => {
  const log = (window.__e2eLog = []);
  addEventListener('error', (e) => log.push({ kind: 'pageerror', text: String(e.message) }));
  addEventListener('unhandledrejection', (e) => log.push({ kind: 'pageerror', text: String(e.reason && e.reason.message || e.reason) }));
  const error = console.error.bind(console);
  console.error = (...args) => { log.push({ kind: 'console', text: args.map(String).join(' ') }); error(...args); };
})();`;
