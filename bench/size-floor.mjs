// `npm run bench:floor`: how much of issue 15's eager budget (11 KiB, gzip) is taken before the
// header bar's own view, by building, with the project's Vite config (the same minifying, the same
// targets, the same chunks), three entries and printing the gzip size of what each loads eagerly
// (the file and its static imports):
//   0. @lit/localize on a plain HTMLElement, the same view as row 1 (bench/floor/localize-plain.ts):
//      what a home-made base class would start from; row 1 less row 0 is ReactiveElement's share
//   1. ReactiveElement and @lit/localize as <city-login> uses them (no lit-html: the element's
//      view is built with DOM calls), nothing of ours (bench/floor/reactive-localize.ts)
//   2. row 1 plus the modules the design keeps eager besides the bar's view, as written today:
//      client, contract readers, session reducer, localization, language switch, events
//      (bench/floor/design-eager.ts; a lower bound: no view, styles, retries or background work)
//   3. dist/city-login.js as it is
// Row 2 less row 1 is what those modules take; row 3 less row 2 what the view, its styles, the
// dialog, the popover and the rest of the session take. (Until 2026-12-01 a row measured Lit with
// lit-html, as the element used it then: 6,879 B, lit-html 3,125 B of it.)
// A measurement, not a test: it prints figures and exits 0; non-zero only on errors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { EAGER_BUDGET, parseImports } from '../test/size-budget.mjs';

const root = resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'city-login-floor-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** Builds `entry` (the project's own entry when undefined) into a folder of its own; returns the gzip bytes of the entry file and its static imports. */
async function eagerBytes(name, entry) {
  const outDir = join(tmp, name);
  await build({
    configFile: join(root, 'vite.config.ts'),
    root,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      ...(entry ? { lib: { entry: join(root, entry), formats: ['es'], fileName: () => 'city-login.js' } } : {}),
    },
  });
  let bytes = 0;
  const seen = new Set();
  const queue = [join(outDir, 'city-login.js')];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file);
    bytes += gzipSync(code, { level: 9 }).length;
    for (const specifier of parseImports(code.toString('utf8')).static) queue.push(resolve(dirname(file), specifier));
  }
  return bytes;
}

const rows = [
  ['0. @lit/localize on a plain HTMLElement (no base class)', await eagerBytes('localize-plain', 'bench/floor/localize-plain.ts')],
  [
    '1. ReactiveElement and @lit/localize, as the element uses them',
    await eagerBytes('reactive-localize', 'bench/floor/reactive-localize.ts'),
  ],
  [
    '2. row 1 + client, readers, reducer, localization, language switch, events',
    await eagerBytes('design-eager', 'bench/floor/design-eager.ts'),
  ],
  ['3. dist/city-login.js today', await eagerBytes('dist')],
];
const number = (bytes) => bytes.toLocaleString('en-US');
console.log(`\nEager gzip bytes against issue 15's budget of ${number(EAGER_BUDGET)} B (11 KiB):\n`);
console.log('| row | gzip | of the budget |');
console.log('| --- | ---: | ---: |');
for (const [what, bytes] of rows) console.log(`| ${what} | ${number(bytes)} B | ${Math.round((100 * bytes) / EAGER_BUDGET)} % |`);
const [plain, lit, design, dist] = rows.map(([, bytes]) => bytes);
/** What is left under the budget for the bar's view, its styles and the session check's retries. */
const left = (bytes) => `${number(EAGER_BUDGET - bytes)} B${bytes > EAGER_BUDGET ? ' (none: the budget is spent before them)' : ''}`;
console.log(
  `\nReactiveElement: ${number(lit - plain)} B (row 1 less row 0); Lit and @lit/localize: ${number(lit)} B; the modules of row 2: ${number(design - lit)} B; the rest of dist/city-login.js: ${number(dist - design)} B.`,
);
console.log(`Left for the bar's view, its styles, the dialog, the popover and the session's retries and timing: ${left(design)}.`);
