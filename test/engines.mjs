// The three browser engines the tests run in, and what they need on this machine:
//   chromium  Debian's Chromium (test/chrome.mjs)
//   firefox   Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi
//   webkit    WebKitGTK's MiniBrowser, driven by WebKitWebDriver (classic WebDriver), under X
// See ../../shared/ENVIRONMENT.md (items 16 and 18).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/lib/firefox-esr/firefox-esr';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The engines asked for in ENGINES (comma-separated), default all three. */
export function selectedEngines(value = process.env.ENGINES) {
  if (!value) return [...ENGINES];
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !ENGINES.includes(n));
  if (unknown.length > 0) throw new Error(`Unknown engine(s) ${unknown.join(', ')}; known: ${ENGINES.join(', ')}`);
  return names;
}

/** What is missing to run an engine here ('' when nothing). */
export function missingFor(engine) {
  if (engine === 'firefox') return existsSync(FIREFOX_PATH) ? '' : `Firefox ESR (${FIREFOX_PATH}; apt-get install firefox-esr)`;
  if (engine === 'webkit') {
    const missing = [];
    if (!existsSync(WEBKIT_DRIVER_PATH)) missing.push(`${WEBKIT_DRIVER_PATH} (apt-get install webkit2gtk-driver)`);
    if (!existsSync(MINIBROWSER_PATH)) missing.push(`${MINIBROWSER_PATH} (apt-get install webkit2gtk-driver)`);
    if (!process.env.DISPLAY && !existsSync('/usr/bin/Xvfb')) missing.push('an X display (apt-get install xvfb xauth)');
    return missing.join(', ');
  }
  return '';
}

const cleanups = new Set();
let exitHooked = false;
/** Runs `fn` when this process exits, however it exits short of SIGKILL. */
function onExit(fn) {
  cleanups.add(fn);
  if (exitHooked) return () => cleanups.delete(fn);
  exitHooked = true;
  const runAll = () => {
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // best effort
      }
    }
    cleanups.clear();
  };
  process.once('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      runAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  return () => cleanups.delete(fn);
}

/**
 * Makes sure there is an X display for WebKitGTK (MiniBrowser has no headless mode): when
 * DISPLAY is unset, starts Xvfb on a free display number (it writes the number once it
 * accepts connections), sets DISPLAY for this process and its children, and stops it when
 * this process exits. Returns a function that stops it now (a no-op when none was started).
 */
export async function ensureDisplay() {
  if (process.env.DISPLAY) return () => {};
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr.on('data', (chunk) => (stderr += chunk));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 30 s: ${stderr}`)), 30000);
    xvfb.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    xvfb.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    xvfb.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr}`));
    });
  });
  // Xvfb must not keep this process alive: it is stopped when the process exits. (Its pipes
  // stay open and read: a closed one would kill it with SIGPIPE when it next writes.)
  xvfb.stdio[3].unref();
  xvfb.stderr.unref();
  xvfb.unref();
  process.env.DISPLAY = `:${display}`;
  const stop = () => {
    if (xvfb.exitCode === null) xvfb.kill('SIGTERM');
    delete process.env.DISPLAY;
  };
  const forget = onExit(stop);
  return () => {
    forget();
    stop();
  };
}

/** A TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts WebKitWebDriver on a free port and waits until it answers /status.
 * It is stopped when this process exits, or by the returned `stop()`.
 */
export async function startWebKitDriver() {
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  driver.stderr.on('data', (chunk) => {
    stderr += chunk;
    // What MiniBrowser says when its web process crashes goes through the driver: say it, so
    // the run's output (and test/engine-runs.mjs, which repeats a crashed run once) shows it.
    // WEBKIT_DRIVER_LOG=1 prints all of its output.
    for (const line of String(chunk).split('\n')) {
      if (/crash|terminated|assert/i.test(line) || process.env.WEBKIT_DRIVER_LOG) console.error(`WebKitWebDriver: ${line.trim()}`);
    }
  });
  const stop = () => {
    if (driver.exitCode === null && driver.signalCode === null) driver.kill('SIGTERM');
  };
  const forget = onExit(stop);
  const deadline = Date.now() + 30000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`WebKitWebDriver did not answer on port ${port} within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Nor must the driver: it is stopped by stop() or when the process exits.
  driver.stderr.unref();
  driver.unref();
  return {
    port,
    stop() {
      forget();
      stop();
    },
  };
}

/** webdriverio capabilities for WebKitGTK's MiniBrowser (classic WebDriver: 2.50 refuses BiDi). */
export function webkitCapabilities() {
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
    'wdio:enforceWebDriverClassic': true,
  };
}
