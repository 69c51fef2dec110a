// Finds a Chrome or Chromium for the tests: CHROME_PATH, else the usual places.
import { existsSync } from 'node:fs';

export const CHROME_ARGS = [
  '--no-sandbox',

  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export function chromePath() {
  const found = [process.env.CHROME_PATH, ...CANDIDATES].find((p) => p && existsSync(p));
  if (!found) {
    console.error(
      'No Chrome or Chromium found. Install one (Debian/Ubuntu: sudo apt-get install chromium) ' +
        'or point CHROME_PATH at its executable.',
    );
    process.exit(1);
  }
  return found;
}
