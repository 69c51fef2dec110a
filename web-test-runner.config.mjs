// Unit and component tests in Debian's Chromium (see ../shared/ENVIRONMENT.md).
import { readFile } from 'node:fs/promises';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { chromePath, CHROME_ARGS } from './test/chrome.mjs';
import { countReporter } from './test/count-reporter.mjs';

/** msw's worker must be served from the site root to intercept anything. */
const mswWorker = {
  name: 'msw-worker',
  async serve(context) {
    if (context.path === '/mockServiceWorker.js') {
      return { body: await readFile('public/mockServiceWorker.js', 'utf8'), type: 'js' };
    }
  },
};

export default {
  files: ['test/unit/**/*.test.ts', 'test/component/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [mswWorker, esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromePath(), headless: true, args: CHROME_ARGS },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 180000,
  reporters: [defaultReporter(), countReporter(process.env.COUNT_FILE)],
};
