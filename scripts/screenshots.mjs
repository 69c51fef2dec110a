// npm run screenshots [-- filter…]: every state (each story of the built Storybook, reached
// through the one mock backend by its play function) in fi, sv and en, at 320×640 and
// 1280×800, written to screenshots/ (git-ignored) as <story>.<lang>.<width>.png. A filter keeps
// the stories whose id contains it (`npm run screenshots -- sign-out signed-in`). THEME=satama
// (or another theme of the toolbar) and LANGS=fi,sv pick others. Needs storybook-static/
// (`npm run build-storybook`) and Chromium (/usr/bin/chromium, or CHROME_PATH).
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, chromePath } from '../test/chrome.mjs';
import { CHANNEL_PROBE, openStory, serve, stories } from './story-pages.mjs';

const OUT = 'screenshots';
const LANGS = (process.env.LANGS ?? 'fi,sv,en').split(',');
const THEME = process.env.THEME ?? 'default';
const VIEWPORTS = [
  { width: 320, height: 640 },
  { width: 1280, height: 800 },
];
const filters = process.argv.slice(2);
const chosen = stories().filter((story) => filters.length === 0 || filters.some((f) => story.id.includes(f)));

mkdirSync(OUT, { recursive: true });
const site = await serve();
const browser = await chromium.launch({ executablePath: chromePath(), args: CHROME_ARGS });
const jobs = chosen.flatMap((story) => LANGS.flatMap((lang) => VIEWPORTS.map((viewport) => ({ story, lang, viewport }))));
const failed = [];
let done = 0;
const started = Date.now();

async function worker() {
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    const { story, lang, viewport } = job;
    // A context per shot: its own cookies and service worker, as a fresh visit.
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    await context.addInitScript(CHANNEL_PROBE);
    const page = await context.newPage();
    try {
      const problem = await openStory(page, site.url, story.id, { locale: lang, theme: THEME });
      const name = `${story.id.replace(/^city-login--/, '')}.${lang}${THEME === 'default' ? '' : `.${THEME}`}.${viewport.width}.png`;
      await page.screenshot({ path: join(OUT, name) });
      if (problem) failed.push(`${name}: ${problem}`);
    } catch (error) {
      failed.push(`${story.id} ${lang} ${viewport.width}: ${error.message}`);
    } finally {
      await context.close();
    }
    done += 1;
    if (done % 10 === 0) console.log(`${done} shots…`);
  }
}

await Promise.all(Array.from({ length: Math.max(1, Math.min(3, availableParallelism())) }, worker));
await browser.close();
await site.close();
console.log(`${done} screenshots of ${chosen.length} stories in ${OUT}/ (${((Date.now() - started) / 1000).toFixed(0)} s)`);
if (failed.length) {
  console.error(`Not finished (shot anyway):\n  ${failed.join('\n  ')}`);
  process.exitCode = 1;
}
