// The size budget of the built element (issues 7 and 15), checked on an already-built dist/:
//   1. dist/city-login.js plus every chunk it loads eagerly (static imports, followed
//      recursively), Lit and the Finnish copy included: what every page with the element in
//      its header loads. Enforced: the ceiling reached; reported: issue 15's 11 KiB.
//   2. each chunk loaded on demand (a dynamic import() of an eager or on-demand file), with any
//      further chunk it alone pulls in: a language (sv, en) ≤ 2 KiB gzip; the sign-in form and
//      each later step of the flow (e.g. set-password, the built-in client's form calls) ≤ 10 KiB
//      gzip. lit-html's chunk, which four of them share, is one of these chunks, measured once.
//   3. what an `inline` page loads before its form shows: the eager files and the form's chunk
//      (the form's calls load beside it; the form shows without waiting for them).
//   4. runtime dependencies: only Lit's packages (lit, @lit/reactive-element) and @lit/localize.
//   5. nothing is fetched from another origin and every import specifier is relative (the
//      bundle is self-contained).
//   6. the eager files hold no template engine: lit-html (its render's `_$litPart$`) comes with
//      the chunks that render with it (issue 15).
//
// Usage: `node test/size-budget.mjs [distDir]` (default dist/; build first with `npm run build`,
// or `npx vite build --outDir /tmp/x` and pass /tmp/x). Or import { checkSizeBudget }.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Issue 15: what a page with the element in its header loads, ≤ 11 KiB gzip (reported until met). */
export const EAGER_BUDGET = 11 * 1024;
/**
 * The ceiling enforced today: the size reached, rounded up to the next quarter KiB. A change that
 * grows the bundle past it fails. 19 KiB on 2026-11-24; 21.5 KiB on 2026-11-30 (the contract,
 * hardening, the reset link's flow); 17 KiB the same day (17,352 B), when issue 15 moved the
 * sign-in form, its steps and its messages into a chunk loaded on demand; then 17.25 KiB
 * (17,444 B): each language loads in parts with what the page shows (the bar's strings, the
 * form's, the reset step's), +92 B of loader for 1.4 KiB less on a Swedish or English header
 * page, and room in each language chunk for what issues 16 and 17 add. Then 19 KiB (19,383 B)
 * on 2026-11-30, raised, not reached by trimming: the features of issues 13, 16 and 17 added eager
 * parts (measured each on its own: issue 13's header popover, remembered language, names and
 * notices +252 B and more before it; issue 16's passkey calls in the client and the contract
 * +268 B; issue 17's session timing, refresh and expiresAt +421 B; single logout, strong
 * identification and assurance about +150 B). Issue 15 stays open with this: the way down is to
 * load what only a signed-in bar needs (timing, popover) and the form's calls with their chunks.
 * Then 18.75 KiB (18,884 B) the same day: the form's calls (identify, login, the reset, the
 * passkeys: their descriptions and readers, -497 B) left the eager file for a chunk the built-in
 * client loads with import(), which the element starts beside the form's chunk; the session's
 * calls (check, refresh, logout) stay. The bar's timing and popover stay eager: a header page
 * must end a session on time and say what failed even when a chunk cannot load. Then 18.5 KiB
 * (18,876 B) on 2026-12-01: the build leaves out what @lit/localize never uses at run time for our
 * messages (scripts/localize-build.mjs): the translators' notes (-119 B) and the id generation
 * for messages without an id, which ours never are (-201 B). Then 16.25 KiB (16,505 B) the same
 * day: the element's own view (the bar, the language switch, the popover, the panel's title row
 * and its busy state) built with DOM calls on ReactiveElement, and lit-html moved out with the
 * chunks that render with it (-2,371 B).
 */
export const EAGER_CEILING = 16.25 * 1024;
/** Issue 15: everything an `inline` page loads before the form shows, ≤ 20 KiB gzip (reported until met). */
export const INLINE_BUDGET = 20 * 1024;
/**
 * The ceiling enforced for that today: 24,371 B reached on 2026-11-30, then 24,759 B with the
 * languages in parts (the panel's styles and the loader moved out of the eager file cost a
 * little more in two files than in one), then 24,965 B with issue 13's one place for messages
 * (offline instead of an older error, the contact line once) and typed autocomplete tokens,
 * then 25,597 B with issue 13's phone-first layout (the full-screen sheet at 320 px, the text
 * field grid, dark defaults, WCAG 1.4.12 text spacing through the field's shield: +603 B in the
 * form's chunk); rounded up to the next quarter KiB. Then 28 KiB (28,471 B) on 2026-11-30, raised
 * with the eager ceiling (above) and the form's chunk growing to 9,088 B: passkeys' button and
 * autofill hooks, the strong-identification link, the step names and announcements, the signed-in
 * view of `inline`, the phone layout that keeps each state's button in view. Then 27.75 KiB
 * (28,041 B) the same day: the form's calls left the eager file (-497 B there, +51 B of imports
 * in the form's chunk); their own chunk (961 B) loads beside the form's, which shows without
 * waiting for it, so it is not counted here. Then 27.5 KiB (27,987 B) on 2026-12-01, with the
 * eager file's -320 B and the form's chunk's notes (-62 B). Then raised to 28.75 KiB (29,382 B)
 * the same day, with the eager file's -2,371 B: lit-html left the file every page loads for a
 * chunk of its own (3,751 B with the view's parts, shared by the four chunks that render with it),
 * which an inline page loads beside the form's; in two files it compresses less than it did inside
 * the eager one, and the element's view built with DOM calls is longer than its templates were
 * (+1,395 B here in all). Every header page, the element's common use, is lighter by more than an
 * inline page is heavier; issue 15's budgets pull apart here, and its note says so.
 */
export const INLINE_CEILING = 28.75 * 1024;
/** The sign-in form's chunk (src/login/panel.ts), as Vite names it. */
export const FORM_CHUNK = /^panel-[\w-]+\.js$/;
/** Issue 16: the passkeys' chunk (src/login/passkeys.ts), loaded only where WebAuthn and the backend's passkeys can be used. */
export const PASSKEYS_CHUNK = /^passkeys-[\w-]+\.js$/;
/** Issue 17: the warning before the session ends (src/login/session-warning.ts), loaded only while signed in with a known end. */
export const WARNING_CHUNK = /^session-warning-[\w-]+\.js$/;
/** Issue 15: the built-in client's calls of the form (src/contract/form-calls.ts), loaded beside the form's chunk (not awaited: the form shows without them). */
export const FORM_CALLS_CHUNK = /^form-calls-[\w-]+\.js$/;
/** Issue 7: each on-demand language chunk (sv, en) must stay within 2 KiB gzip. */
export const LANGUAGE_CHUNK_BUDGET = 2 * 1024;
/** Issue 15: the form's chunk and each later step of the flow loaded on demand (not a language) stays within 10 KiB gzip. */
export const FEATURE_CHUNK_BUDGET = 10 * 1024;
/** A language chunk of @lit/localize's runtime mode (sv, en), as Vite names it. */
export const LANGUAGE_CHUNK = /^(?:sv|en)-[\w-]+\.js$/;
/**
 * Issue 15: lit-html and the view's parts that render with it (src/login/parts.ts), one chunk
 * shared by every chunk that renders with lit-html (the form's, the passkeys', the session
 * warning's, the reset step's), loaded with the first of them: the element's own view is built
 * with DOM calls. Measured once, on its own, against the 10 KiB of a chunk loaded on demand, and
 * not again inside each chunk that imports it; an inline page counts it (the form needs it).
 */
export const LIT_CHUNK = /^lit-[\w-]+\.js$/;
/**
 * Issue 7: the only runtime dependencies allowed are Lit and its localize runtime. Lit's own
 * `@lit/reactive-element` (issue 15: the element extends ReactiveElement, without lit-html) is
 * the package `lit` itself depends on, at the version it depends on.
 */
export const ALLOWED_DEPENDENCIES = ['lit', '@lit/reactive-element', '@lit/localize'];
/** What only lit-html's `render` holds (the part it keeps on its container), minified or not. */
export const LIT_HTML_MARK = '_$litPart$';
/** Issue 7: the entry file of the self-contained bundle, relative to dist/. */
export const ENTRY = 'city-login.js';
/** Issue 7: sizes are measured as zlib gzip at level 9, summed file by file. */
export const GZIP_LEVEL = 9;

// --- Parsing what rolldown emits (minified: `import{a as b}from"./chunks/x.js"`,
// `export*from"./x.js"`, `import"./x.js"`, `import(\`./chunks/sv-abc.js\`)`). ---

// Not preceded by an identifier character, `.` (x.import), `#` (#import) or `@` (CSS @import).
const KEYWORD_START = String.raw`(?<![\w$.#@])`;
const STRING = String.raw`(["'\x60])([^"'\x60\r\n]*)\1`;
const ID = String.raw`[\w$]+`;
const NAMED = String.raw`\{[^{}]*\}`;
const NAMESPACE = String.raw`\*\s*as\s+${ID}`;
// import x from / import{…}from / import*as x from / import x,{…}from / import x,*as y from
const IMPORT_CLAUSE = String.raw`(?:\s+${ID}(?:\s*,\s*(?:${NAMED}|${NAMESPACE}))?|\s*${NAMED}|\s*${NAMESPACE})\s*from`;
// export{…}from / export*from / export*as x from
const EXPORT_CLAUSE = String.raw`\s*(?:${NAMED}|\*(?:\s*as\s+${ID})?)\s*from`;

const STATIC_IMPORT = new RegExp(`${KEYWORD_START}import(?:${IMPORT_CLAUSE})?\\s*${STRING}`, 'g');
const STATIC_EXPORT_FROM = new RegExp(`${KEYWORD_START}export${EXPORT_CLAUSE}\\s*${STRING}`, 'g');
// import("…") with a plain string (a template literal without ${…} counts as plain).
const DYNAMIC_IMPORT_LITERAL = new RegExp(`${KEYWORD_START}import\\s*\\(\\s*${STRING}\\s*[,)]`, 'g');
// Any import( at all, to catch the ones whose specifier is computed.
const DYNAMIC_IMPORT_ANY = new RegExp(`${KEYWORD_START}import\\s*\\(`, 'g');
// fetch("https://…"), fetch('//…'), fetch(`http://${…}`)
const FETCH_OTHER_ORIGIN = new RegExp(`(?<![\\w$#@])fetch\\s*\\(\\s*(["'\\x60])((?:https?:)?\\/\\/[^"'\\x60\\r\\n]*)`, 'gi');

const ABSOLUTE_URL = /^(?:[a-z][a-z\d+.-]*:)?\/\//i;
const RELATIVE = /^(?:\.\.?\/|\/)/;

/** Static and dynamic import specifiers of one file's source text. */
export function parseImports(source) {
  const found = (re) => [...source.matchAll(re)].map((m) => m[2]);
  // A template literal with ${…} in it is computed, not a plain string.
  const literalDynamic = [...source.matchAll(DYNAMIC_IMPORT_LITERAL)].filter((m) => !(m[1] === '`' && m[2].includes('${')));
  const literalDynamicAt = new Set(literalDynamic.map((m) => m.index));
  return {
    static: [...found(STATIC_IMPORT), ...found(STATIC_EXPORT_FROM)],
    dynamic: literalDynamic.map((m) => m[2]),
    computedDynamic: [...source.matchAll(DYNAMIC_IMPORT_ANY)].filter((m) => !literalDynamicAt.has(m.index)).length,
    fetches: found(FETCH_OTHER_ORIGIN),
  };
}

const gzipSize = (buffer) => gzipSync(buffer, { level: GZIP_LEVEL }).length;
const bytes = (n) => `${n.toLocaleString('en-US')} B`;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

/**
 * Checks the size budget of a built dist/ directory.
 * @param {{ distDir?: string, packageJson?: string }} [options]
 * @returns {{ ok: boolean, lines: string[] }}
 */
export function checkSizeBudget({ distDir = 'dist', packageJson = 'package.json' } = {}) {
  const lines = [];
  let ok = true;
  const fail = (line) => {
    ok = false;
    if (!lines.includes(`FAIL: ${line}`)) lines.push(`FAIL: ${line}`);
  };

  const root = resolve(distDir);
  const entry = resolve(root, ENTRY);
  const name = (file) => relative(root, file).split(sep).join('/');

  /** Every file read: path → { raw, gzip, imports }. */
  const files = new Map();
  const load = (file) => {
    if (!files.has(file)) {
      const buffer = readFileSync(file);
      files.set(file, { raw: buffer.length, gzip: gzipSize(buffer), imports: parseImports(buffer.toString('utf8')) });
    }
    return files.get(file);
  };

  /** Resolves a relative specifier inside dist/; reports and returns null when it cannot. */
  const resolveIn = (from, specifier, kind) => {
    if (ABSOLUTE_URL.test(specifier) || !RELATIVE.test(specifier)) return null; // reported by check 4
    const target = specifier.startsWith('/') ? resolve(root, `.${specifier}`) : resolve(dirname(from), specifier);
    const inside = relative(root, target);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      fail(`${name(from)}: ${kind} "${specifier}" points outside ${distDir}`);
      return null;
    }
    if (!existsSync(target)) {
      fail(`${name(from)}: ${kind} "${specifier}" is not in ${distDir} (${name(target)} missing)`);
      return null;
    }
    return target;
  };

  /** The file and every file it loads through static imports, recursively. */
  const staticClosure = (start, known = new Set()) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.shift();
      for (const specifier of load(file).imports.static) {
        const target = resolveIn(file, specifier, 'static import');
        if (target && !seen.has(target) && !known.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    return [...seen];
  };

  // 1. The eager total.
  if (!existsSync(entry)) {
    fail(`${name(entry)} not found in ${root}: build first (npm run build)`);
  } else {
    const eager = staticClosure(entry);
    const eagerSet = new Set(eager);
    const total = eager.reduce((sum, file) => sum + load(file).gzip, 0);
    const ceiling = Math.max(EAGER_CEILING, EAGER_BUDGET);
    const target =
      total <= EAGER_BUDGET
        ? `within issue 15's budget ${kib(EAGER_BUDGET)}`
        : `issue 15's budget ${kib(EAGER_BUDGET)} not met yet: ${bytes(total - EAGER_BUDGET)} over`;
    const line = `${ENTRY} + eager chunks: ${bytes(total)} gzip (${kib(total)}) — enforced ceiling ${bytes(ceiling)}: ${
      total <= ceiling ? 'ok' : `OVER by ${bytes(total - ceiling)}`
    }; ${target}`;
    if (total <= ceiling) lines.push(line);
    else fail(line);
    for (const file of eager) {
      const { raw, gzip } = load(file);
      lines.push(`  ${name(file)}: ${bytes(raw)} raw, ${bytes(gzip)} gzip`);
    }
    // 6. No template engine in them: the element's own view is built with DOM calls.
    const engine = eager.filter((file) => readFileSync(file, 'utf8').includes(LIT_HTML_MARK));
    if (engine.length > 0)
      fail(`lit-html is loaded eagerly (${engine.map(name).join(', ')}): it belongs with the chunks that render with it`);
    else lines.push('eager files: no template engine (lit-html comes with the chunks that render with it): ok');

    // 2. The chunks loaded on demand: dynamic imports of the eager files, and of those chunks.
    const lazy = [];
    const known = new Set(eager);
    for (let i = -1; i < lazy.length; i++) {
      const from = i < 0 ? eager : staticClosure(lazy[i], eagerSet);
      for (const file of from) {
        for (const specifier of load(file).imports.dynamic) {
          const target = resolveIn(file, specifier, 'dynamic import');
          if (target && !known.has(target)) {
            known.add(target);
            lazy.push(target);
          }
        }
      }
    }
    if (!lazy.some((chunk) => LANGUAGE_CHUNK.test(basename(chunk)))) {
      fail(
        `no language chunk found: ${name(entry)} and its chunks contain no import("./…") of a language in ${distDir} (the sv and en copy should load on demand)`,
      );
    }
    let form = null;
    const gzipOf = (group) => group.reduce((sum, file) => sum + load(file).gzip, 0);
    for (const chunk of lazy) {
      const all = staticClosure(chunk, eagerSet);
      // lit-html's shared chunk has a line of its own.
      const shared = all.filter((file) => file !== chunk && LIT_CHUNK.test(basename(file)));
      const group = all.filter((file) => !shared.includes(file));
      const size = gzipOf(group);
      const extra =
        group.length > 1 || shared.length > 0
          ? ` (with ${[...group.slice(1).map(name), ...shared.map((file) => `the shared ${name(file)}`)].join(', ')})`
          : '';
      const language = LANGUAGE_CHUNK.test(basename(chunk));
      if (FORM_CHUNK.test(basename(chunk))) form = { size: gzipOf(all), all };
      const budget = language ? LANGUAGE_CHUNK_BUDGET : FEATURE_CHUNK_BUDGET;
      const what = language
        ? 'language'
        : FORM_CHUNK.test(basename(chunk))
          ? 'the sign-in form'
          : LIT_CHUNK.test(basename(chunk))
            ? "lit-html and the view's parts, shared"
            : PASSKEYS_CHUNK.test(basename(chunk))
              ? 'passkeys'
              : WARNING_CHUNK.test(basename(chunk))
                ? 'the session warning'
                : FORM_CALLS_CHUNK.test(basename(chunk))
                  ? "the built-in client's form calls"
                  : 'a step of the flow';
      const chunkLine = `${name(chunk)}${extra}, on demand (${what}): ${bytes(size)} gzip (${kib(size)}) — budget ${kib(budget)}: ${
        size <= budget ? 'ok' : `OVER BUDGET by ${bytes(size - budget)}`
      }`;
      if (size <= budget) lines.push(chunkLine);
      else fail(chunkLine);
    }

    // 3. An inline page: the eager files and the form's chunk, before the form shows.
    if (!form) fail(`no sign-in form chunk (${FORM_CHUNK}) among the chunks loaded on demand: the form should load on demand`);
    else {
      const inline = total + form.size;
      const inlineCeiling = Math.max(INLINE_CEILING, INLINE_BUDGET);
      const inlineLine = `inline page before its form shows (eager + ${form.all.map(name).join(' + ')}): ${bytes(inline)} gzip (${kib(inline)}) — enforced ceiling ${bytes(inlineCeiling)}: ${
        inline <= inlineCeiling ? 'ok' : `OVER by ${bytes(inline - inlineCeiling)}`
      }; ${inline <= INLINE_BUDGET ? `within issue 15's budget ${kib(INLINE_BUDGET)}` : `issue 15's budget ${kib(INLINE_BUDGET)} not met yet: ${bytes(inline - INLINE_BUDGET)} over`}`;
      if (inline <= inlineCeiling) lines.push(inlineLine);
      else fail(inlineLine);
    }
  }

  // 4. Runtime dependencies.
  if (!existsSync(packageJson)) {
    fail(`${packageJson} not found: cannot check the runtime dependencies`);
  } else {
    const dependencies = Object.keys(JSON.parse(readFileSync(packageJson, 'utf8')).dependencies ?? {});
    const extra = dependencies.filter((dep) => !ALLOWED_DEPENDENCIES.includes(dep));
    const listed = dependencies.length > 0 ? dependencies.join(', ') : '(none)';
    const depLine = `runtime dependencies: ${listed} — allowed: ${ALLOWED_DEPENDENCIES.join(', ')}`;
    if (extra.length === 0) lines.push(`${depLine}: ok`);
    else fail(`${depLine}: not allowed: ${extra.join(', ')}`);
  }

  // 5. Self-contained: every file read above (eager and on-demand) imports and fetches
  //    nothing from another origin, and imports nothing by a bare name.
  let clean = true;
  for (const [file, { imports }] of files) {
    const where = name(file);
    for (const specifier of [...imports.static, ...imports.dynamic]) {
      if (ABSOLUTE_URL.test(specifier)) {
        clean = false;
        fail(`${where}: imports "${specifier}" from another origin`);
      } else if (!RELATIVE.test(specifier)) {
        clean = false;
        fail(`${where}: bare import specifier "${specifier}" (the bundle must be self-contained)`);
      }
    }
    for (const url of imports.fetches) {
      clean = false;
      fail(`${where}: fetch("${url}") reaches another origin`);
    }
    if (imports.computedDynamic > 0) {
      clean = false;
      fail(`${where}: ${imports.computedDynamic} import() with a computed specifier, which this check cannot follow`);
    }
  }
  if (clean && files.size > 0)
    lines.push(`self-contained: ${files.size} file(s), no bare or other-origin import, no fetch to another origin: ok`);

  return { ok, lines };
}

// Run directly: `node test/size-budget.mjs [distDir]`. (The basename check keeps a bundled
// copy, e.g. the esbuild-compiled size-budget.test.mjs that node --test runs, from running it.)
const self = fileURLToPath(import.meta.url);
const invoked = process.argv[1] ? resolve(process.argv[1]) : '';
if (basename(self) === 'size-budget.mjs' && existsSync(invoked) && realpathSync(invoked) === realpathSync(self)) {
  // dist/ relative to the working directory (or the argument); package.json of this repository.
  const packageJson = resolve(dirname(self), '..', 'package.json');
  const { ok, lines } = checkSizeBudget({ distDir: process.argv[2] ?? 'dist', packageJson });
  for (const line of lines) console.log(line);
  if (!ok) process.exitCode = 1;
}
