/**
 * Issue 13: on a phone (320 × 640), every state opens with what the resident needs in view,
 * without scrolling: the title (the panel's heading; in the header, the bar), the current message
 * (an error, a visible status or notice, the header's popover) and the primary action (the form's
 * submit, or the panel's or the bar's button). Every state = every story of the built Storybook
 * (the list the Storybook sweep loops over), reached through the one mock backend by its play
 * function; in fi, sv and en. Needs storybook-static/ (npm test builds it).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { scaled } from '../timing.mjs';
import { launchBrowser } from './helpers.js';
import { CHANNEL_PROBE, STORYBOOK_ROOT, essentials, openStory, serve, stories, type Box } from '../../scripts/story-pages.mjs';

const VIEWPORT = { width: 320, height: 640 };
const LANGS = ['fi', 'sv', 'en'] as const;
const built = existsSync(join(STORYBOOK_ROOT, 'index.json'));

let browser: Browser;
let site: { url: string; close: () => Promise<void> };

function inView(box: Box): boolean {
  return box.left >= -0.5 && box.top >= -0.5 && box.right <= VIEWPORT.width + 0.5 && box.bottom <= VIEWPORT.height + 0.5;
}

describe('every state at 320 × 640: title, message and primary action in view', { skip: built ? false : 'storybook-static/ is not built' }, () => {
  before(async () => {
    [browser, site] = await Promise.all([launchBrowser(), serve()]);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const story of built ? stories() : []) {
    it(`${story.name} (${story.id})`, { timeout: scaled(180_000) }, async () => {
      const problems: string[] = [];
      for (const lang of LANGS) {
        const context: BrowserContext = await browser.newContext({ viewport: VIEWPORT });
        try {
          await context.addInitScript(CHANNEL_PROBE);
          const page = await context.newPage();
          const failure = await openStory(page, site.url, story.id, { locale: lang, timeout: scaled(30_000) });
          if (failure) {
            problems.push(`${lang}: the story did not finish (${failure})`);
            continue;
          }
          const seen = await essentials(page);
          if (!seen) {
            problems.push(`${lang}: no <city-login>`);
            continue;
          }
          if (!seen.title) problems.push(`${lang}: no title or bar`);
          for (const [what, box] of Object.entries(seen)) {
            if (box && !inView(box)) problems.push(`${lang}: the ${what} (${box.what}) is out of view: ${JSON.stringify(box)}`);
          }
        } finally {
          await context.close();
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
