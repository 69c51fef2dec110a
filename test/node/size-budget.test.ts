/**
 * The size-budget check (issues 7 and 15, test/size-budget.mjs) on small fake dist/ directories:
 * random bytes (base64) make files that gzip cannot shrink, so their gzip size is known.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { EAGER_BUDGET, EAGER_CEILING, FEATURE_CHUNK_BUDGET, LANGUAGE_CHUNK_BUDGET, checkSizeBudget } from '../size-budget.mjs';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const LIT_ONLY = { lit: '^3.3.3', '@lit/localize': '^0.12.2' };

/** Writes the files under a fresh dist/ (names relative to it) and a package.json beside it. */
function fakeDist(files: Record<string, string>, dependencies: Record<string, string> = LIT_ONLY) {
  const dir = mkdtempSync(join(tmpdir(), 'size-budget-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, 'dist', name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  const packageJson = join(dir, 'package.json');
  writeFileSync(packageJson, JSON.stringify({ name: 'city-login', dependencies }));
  return { distDir: join(dir, 'dist'), packageJson };
}

/** About `size` bytes of gzip: random bytes as base64 in a template literal. */
const noise = (size: number) => `var x${randomBytes(3).toString('hex')}=\`${randomBytes(size).toString('base64')}\`;`;
const gzip = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;
const figure = (n: number) => `${n.toLocaleString('en-US')} B gzip`;
const run = (options: { distDir: string; packageJson: string }) => {
  const result = checkSizeBudget(options);
  return { ...result, text: result.lines.join('\n') };
};
const lineFor = (lines: string[], pattern: RegExp) => {
  const line = lines.find((l) => pattern.test(l));
  assert.ok(line, `no line matches ${pattern} in:\n${lines.join('\n')}`);
  return line;
};

/** A language chunk the way rolldown emits it: it imports Lit's helpers from the entry. */
const languageChunk = (size: number) => `import{n as e,t}from"../city-login.js";${noise(size)}export{x as templates};`;
/** An entry that loads the sign-in form and a language chunk on demand and talks to its own origin. */
const entry = (size: number, extra = '') =>
  `${extra}${noise(size)}const f=()=>import("./chunks/panel-E3fq1.js");async function l(e){return e===\`sv\`?import(\`./chunks/sv-Duh0Rit9.js\`):import("./chunks/en-C8fn_VIm.js")}` +
  `fetch(\`/auth/session\`,{credentials:\`same-origin\`});export{l as loadLocale};`;
/** The sign-in form's chunk (and, with the entry, the language chunks): what every fake dist/ has on demand. */
const FORM = 'chunks/panel-E3fq1.js';
const formChunk = (size = 500) => `import{n as e}from"../city-login.js";${noise(size)}`;
const languageChunks = (size = 1000) => ({
  [FORM]: formChunk(),
  'chunks/sv-Duh0Rit9.js': languageChunk(size),
  'chunks/en-C8fn_VIm.js': languageChunk(size),
});

describe('size budget (issues 7 and 15)', () => {
  it('passes a bundle under every budget and prints its figures', () => {
    const main = entry(8000);
    const files = { 'city-login.js': main, ...languageChunks() };
    const result = run(fakeDist(files));
    assert.equal(result.ok, true, result.text);
    const total = lineFor(result.lines, /^city-login\.js \+ eager chunks:/);
    assert.ok(total.includes(figure(gzip(main))), total);
    assert.match(total, /enforced ceiling [\d,]+ B: ok; within issue 15's budget 11\.0 KiB$/);
    const sv = lineFor(result.lines, /chunks\/sv-Duh0Rit9\.js/);
    assert.ok(sv.includes(figure(gzip(files['chunks/sv-Duh0Rit9.js']))), sv);
    assert.match(sv, /budget 2\.0 KiB: ok$/);
    lineFor(result.lines, /chunks\/en-C8fn_VIm\.js.*: ok$/);
    lineFor(result.lines, /^runtime dependencies: .*: ok$/);
    assert.doesNotMatch(result.text, /FAIL/);
  });

  it('passes a bundle between 11 KiB and the enforced ceiling, saying how far over 11 KiB it is', () => {
    const main = entry(Math.round((EAGER_BUDGET + EAGER_CEILING) / 2));
    const size = gzip(main);
    assert.ok(size > EAGER_BUDGET && size <= EAGER_CEILING, `the fixture is ${size} B`);
    const result = run(fakeDist({ 'city-login.js': main, ...languageChunks() }));
    assert.equal(result.ok, true, result.text);
    const line = lineFor(result.lines, /^city-login\.js \+ eager chunks:/);
    assert.ok(line.includes(figure(size)), line);
    assert.ok(line.includes(`not met yet: ${(size - EAGER_BUDGET).toLocaleString('en-US')} B over`), line);
  });

  it('fails a bundle over the enforced ceiling and names the figure', () => {
    const main = entry(Math.round(EAGER_CEILING * 1.1));
    const size = gzip(main);
    assert.ok(size > EAGER_CEILING, `the fixture is only ${size} B`);
    const result = run(fakeDist({ 'city-login.js': main, ...languageChunks() }));
    assert.equal(result.ok, false, result.text);
    const line = lineFor(result.lines, /city-login\.js \+ eager chunks:/);
    assert.match(line, /^FAIL: /);
    assert.ok(line.includes(figure(size)), line);
    assert.ok(line.includes(`OVER by ${(size - EAGER_CEILING).toLocaleString('en-US')} B`), line);
  });

  it('follows static imports recursively and counts them; dynamic imports are not counted', () => {
    const files = {
      'city-login.js': entry(3000, 'import{a as b,c}from"./chunks/lit-AAA.js";export*from\'./chunks/util-CCC.js\';'),
      'chunks/lit-AAA.js': `import"./shared-BBB.js";${noise(2000)}export{x as a,x as c};`,
      'chunks/shared-BBB.js': `import*as u from\`../chunks/util-CCC.js\`;${noise(1500)}`,
      'chunks/util-CCC.js': noise(1000),
      'chunks/sv-Duh0Rit9.js': languageChunk(1500),
      'chunks/en-C8fn_VIm.js': languageChunk(1500),
      [FORM]: formChunk(),
    };
    const result = run(fakeDist(files));
    const eager = ['city-login.js', 'chunks/lit-AAA.js', 'chunks/shared-BBB.js', 'chunks/util-CCC.js'] as const;
    const expected = eager.reduce((sum, name) => sum + gzip(files[name]), 0);
    const total = lineFor(result.lines, /city-login\.js \+ eager chunks:/);
    assert.ok(total.includes(figure(expected)), `expected ${figure(expected)} in: ${total}`);
    for (const name of eager) lineFor(result.lines, new RegExp(`^  ${name.replace(/\./g, '\\.')}: .* gzip$`));
    assert.ok(!result.lines.some((l) => /^ {2}chunks\/panel-/.test(l)), `the form's chunk is in the eager breakdown:\n${result.text}`);
    assert.ok(!result.lines.some((l) => /^ {2}chunks\/(sv|en)-/.test(l)), `a language chunk is in the eager breakdown:\n${result.text}`);
    assert.equal(result.ok, true, result.text);
  });

  it('a chunk that is under budget alone fails when imported statically, not when imported dynamically', () => {
    const main = entry(8000);
    const big = noise(Math.round(EAGER_CEILING * 1.1) - 8000);
    assert.ok(gzip(main) < EAGER_BUDGET && gzip(main) + gzip(big) > EAGER_CEILING);
    const statically = run(
      fakeDist({ 'city-login.js': `import"./chunks/big-DDD.js";${main}`, 'chunks/big-DDD.js': big, ...languageChunks() }),
    );
    assert.equal(statically.ok, false, statically.text);
    lineFor(statically.lines, /^FAIL: city-login\.js \+ eager chunks: .*OVER by/);

    const dynamically = run(
      fakeDist({ 'city-login.js': `const d=()=>import("./chunks/big-DDD.js");${main}`, 'chunks/big-DDD.js': big, ...languageChunks() }),
    );
    lineFor(dynamically.lines, /^city-login\.js \+ eager chunks: .*: ok; within/);
    // Loaded on demand, it is held to the budget of a step of the flow instead (10 KiB).
    const bigLine = lineFor(dynamically.lines, /^(FAIL: )?chunks\/big-DDD\.js, on demand \(a step of the flow\): .*budget 10\.0 KiB/);
    assert.equal(bigLine.startsWith('FAIL'), gzip(big) > FEATURE_CHUNK_BUDGET, bigLine);
  });

  it('holds a step of the flow loaded on demand to 10 KiB, not to the 2 KiB of a language', () => {
    const step = noise(4000);
    assert.ok(gzip(step) > LANGUAGE_CHUNK_BUDGET && gzip(step) < FEATURE_CHUNK_BUDGET);
    const within = run(
      fakeDist({
        'city-login.js': `const s=()=>import("./chunks/set-password-FFF.js");${entry(5000)}`,
        'chunks/set-password-FFF.js': step,
        ...languageChunks(),
      }),
    );
    assert.equal(within.ok, true, within.text);
    lineFor(within.lines, /^chunks\/set-password-FFF\.js, on demand \(a step of the flow\): .*: ok$/);
    const huge = noise(16000);
    assert.ok(gzip(huge) > FEATURE_CHUNK_BUDGET);
    const over = run(
      fakeDist({
        'city-login.js': `const s=()=>import("./chunks/set-password-FFF.js");${entry(5000)}`,
        'chunks/set-password-FFF.js': huge,
        ...languageChunks(),
      }),
    );
    assert.equal(over.ok, false, over.text);
    lineFor(over.lines, /^FAIL: chunks\/set-password-FFF\.js, on demand \(a step of the flow\): .*OVER BUDGET/);
  });

  it('fails a language chunk over 2 KiB and names the figure', () => {
    const files = { 'city-login.js': entry(5000), ...languageChunks(), 'chunks/sv-Duh0Rit9.js': languageChunk(2500) };
    const size = gzip(files['chunks/sv-Duh0Rit9.js']);
    assert.ok(size > LANGUAGE_CHUNK_BUDGET);
    const result = run(fakeDist(files));
    assert.equal(result.ok, false, result.text);
    const sv = lineFor(result.lines, /chunks\/sv-Duh0Rit9\.js/);
    assert.match(sv, /^FAIL: .*OVER BUDGET/);
    assert.ok(sv.includes(figure(size)), sv);
    lineFor(result.lines, /^chunks\/en-C8fn_VIm\.js, on demand \(language\): .*: ok$/);
  });

  it('counts a chunk only a language chunk imports toward that language chunk, not one the entry already loads', () => {
    const shared = noise(1200);
    const sv = `import{n as e}from"../city-login.js";import{y}from"./shared-EEE.js";${noise(1200)}`;
    assert.ok(gzip(sv) < LANGUAGE_CHUNK_BUDGET && gzip(sv) + gzip(shared) > LANGUAGE_CHUNK_BUDGET);
    const files = { ...languageChunks(), 'chunks/sv-Duh0Rit9.js': sv, 'chunks/shared-EEE.js': shared };

    const lazyOnly = run(fakeDist({ ...files, 'city-login.js': entry(5000) }));
    assert.equal(lazyOnly.ok, false, lazyOnly.text);
    const line = lineFor(lazyOnly.lines, /chunks\/sv-Duh0Rit9\.js \(with chunks\/shared-EEE\.js\)/);
    assert.ok(line.includes(figure(gzip(sv) + gzip(shared))), line);

    const alsoEager = run(fakeDist({ ...files, 'city-login.js': entry(5000, 'import{y}from"./chunks/shared-EEE.js";') }));
    assert.equal(alsoEager.ok, true, alsoEager.text);
    assert.ok(lineFor(alsoEager.lines, /^chunks\/sv-Duh0Rit9\.js, on demand \(language\)/).includes(figure(gzip(sv))));
  });

  it("measures lit-html's shared chunk once, on its own; an inline page counts it with the form's chunk", () => {
    const lit = noise(3500);
    const form = `import{n as e}from"../city-login.js";import{r}from"./lit-Ab12.js";${noise(8000)}`;
    const step = `import{r}from"./lit-Ab12.js";${noise(1500)}`;
    assert.ok(gzip(form) < FEATURE_CHUNK_BUDGET && gzip(form) + gzip(lit) > FEATURE_CHUNK_BUDGET);
    const main = `const s=()=>import("./chunks/set-password-FFF.js"),p=()=>import("./chunks/lit-Ab12.js");${entry(5000)}`;
    const result = run(
      fakeDist({
        'city-login.js': main,
        ...languageChunks(),
        [FORM]: form,
        'chunks/lit-Ab12.js': lit,
        'chunks/set-password-FFF.js': step,
      }),
    );
    const formLine = lineFor(
      result.lines,
      /^chunks\/panel-E3fq1\.js \(with the shared chunks\/lit-Ab12\.js\), on demand \(the sign-in form\)/,
    );
    assert.ok(formLine.includes(figure(gzip(form))) && formLine.endsWith(': ok'), formLine);
    const stepLine = lineFor(result.lines, /^chunks\/set-password-FFF\.js \(with the shared chunks\/lit-Ab12\.js\)/);
    assert.ok(stepLine.includes(figure(gzip(step))), stepLine);
    const litLine = lineFor(result.lines, /^chunks\/lit-Ab12\.js, on demand \(lit-html and the view's parts, shared\)/);
    assert.ok(litLine.includes(figure(gzip(lit))), litLine);
    const inline = lineFor(
      result.lines,
      /^(FAIL: )?inline page before its form shows \(eager \+ chunks\/panel-E3fq1\.js \+ chunks\/lit-Ab12\.js\)/,
    );
    assert.ok(inline.includes(figure(gzip(main) + gzip(form) + gzip(lit))), inline);
  });

  it('fails when lit-html is in the eager files', () => {
    const clean = run(fakeDist({ 'city-login.js': entry(2000), ...languageChunks() }));
    lineFor(clean.lines, /^eager files: no template engine .*: ok$/);
    const eager = run(fakeDist({ 'city-login.js': entry(2000, 'const p=n._$litPart$;'), ...languageChunks() }));
    assert.equal(eager.ok, false, eager.text);
    lineFor(eager.lines, /^FAIL: lit-html is loaded eagerly \(city-login\.js\)/);
  });

  it('fails a bare import specifier', () => {
    for (const statement of ['import{html as h}from"lit";', "import'lit/decorators.js';", 'export*from"@lit/localize";']) {
      const result = run(fakeDist({ 'city-login.js': entry(2000, statement), ...languageChunks() }));
      assert.equal(result.ok, false, `${statement}\n${result.text}`);
      lineFor(result.lines, /^FAIL: city-login\.js: bare import specifier "(lit|lit\/decorators\.js|@lit\/localize)"/);
    }
  });

  it('fails an import or fetch from another origin', () => {
    const cases = [
      ['const r=()=>import("https://cdn.example.com/sv.js");', /imports "https:\/\/cdn\.example\.com\/sv\.js" from another origin/],
      ['import{a}from"//cdn.example.com/lit.js";', /imports "\/\/cdn\.example\.com\/lit\.js" from another origin/],
      ["fetch('https://api.example.com/session');", /fetch\("https:\/\/api\.example\.com\/session"\) reaches another origin/],
      ['await fetch(`//api.example.com/${p}`);', /fetch\("\/\/api\.example\.com\/\$\{p\}"\) reaches another origin/],
    ] as const;
    for (const [statement, message] of cases) {
      const result = run(fakeDist({ 'city-login.js': entry(2000, statement), ...languageChunks() }));
      assert.equal(result.ok, false, `${statement}\n${result.text}`);
      lineFor(result.lines, message);
    }
    // In a language chunk too.
    const lazy = run(
      fakeDist({
        'city-login.js': entry(2000),
        ...languageChunks(),
        'chunks/en-C8fn_VIm.js': `import"https://cdn.example.com/x.js";${noise(500)}`,
      }),
    );
    assert.equal(lazy.ok, false, lazy.text);
    lineFor(lazy.lines, /^FAIL: chunks\/en-C8fn_VIm\.js: imports "https:\/\/cdn\.example\.com\/x\.js"/);
  });

  it('fails a runtime dependency other than lit and @lit/localize', () => {
    const files = { 'city-login.js': entry(2000), ...languageChunks() };
    const extra = run(fakeDist(files, { ...LIT_ONLY, lodash: '^4.17.21' }));
    assert.equal(extra.ok, false, extra.text);
    const line = lineFor(extra.lines, /runtime dependencies/);
    assert.match(line, /^FAIL: .*not allowed: lodash$/);

    const subset = run(fakeDist(files, { lit: '^3.3.3' }));
    assert.equal(subset.ok, true, subset.text);
  });

  it('fails when no language chunk is loaded on demand', () => {
    const none = run(fakeDist({ 'city-login.js': `${noise(3000)}export{x};` }));
    assert.equal(none.ok, false, none.text);
    lineFor(none.lines, /^FAIL: no language chunk found/);

    const missing = run(fakeDist({ 'city-login.js': entry(3000) }));
    assert.equal(missing.ok, false, missing.text);
    lineFor(missing.lines, /^FAIL: city-login\.js: dynamic import "\.\/chunks\/sv-Duh0Rit9\.js" is not in /);
  });

  it('fails when there is no built bundle', () => {
    const result = run(fakeDist({ 'chunks/sv-Duh0Rit9.js': languageChunk(500) }));
    assert.equal(result.ok, false, result.text);
    lineFor(result.lines, /^FAIL: city-login\.js not found .*build first/);
  });

  it("adds the form's chunk to the eager files for an inline page, and follows a step the form loads on demand", () => {
    const main = entry(8000);
    const form = `const s=()=>import("./set-password-F00.js");${formChunk(3000)}`;
    const step = noise(1200);
    const files = { 'city-login.js': main, ...languageChunks(), [FORM]: form, 'chunks/set-password-F00.js': step };
    const result = run(fakeDist(files));
    assert.equal(result.ok, true, result.text);
    const inline = lineFor(result.lines, /^inline page before its form shows/);
    assert.ok(inline.includes(figure(gzip(main) + gzip(form))), inline);
    assert.match(inline, /within issue 15's budget 20\.0 KiB$/);
    lineFor(result.lines, /^chunks\/panel-E3fq1\.js, on demand \(the sign-in form\): .*budget 10\.0 KiB: ok$/);
    const nested = lineFor(result.lines, /^chunks\/set-password-F00\.js, on demand \(a step of the flow\)/);
    assert.ok(nested.includes(figure(gzip(step))), nested);
  });

  it('fails a build whose form is not loaded on demand', () => {
    const main = `${noise(3000)}async function l(e){return e===\`sv\`?import(\`./chunks/sv-Duh0Rit9.js\`):import("./chunks/en-C8fn_VIm.js")}`;
    const result = run(
      fakeDist({ 'city-login.js': main, 'chunks/sv-Duh0Rit9.js': languageChunk(500), 'chunks/en-C8fn_VIm.js': languageChunk(500) }),
    );
    assert.equal(result.ok, false, result.text);
    lineFor(result.lines, /^FAIL: no sign-in form chunk/);
  });
});
