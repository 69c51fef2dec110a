/**
 * The npm package as a web team gets it: `npm pack`, then a plain Vite app in a temp
 * directory installs the tarball, imports `city-login/define.js` and
 * `city-login/localization.js`, builds with Vite, and the built app runs in Chromium: the
 * sign-in button renders (session 401) and Svenska loads its chunk. The package entry
 * (`city-login`) defines nothing.
 *
 * The install needs no registry and no npm cache: the tarball's dependencies (lit,
 * @lit/localize and theirs) are packed from this project's node_modules and installed with
 * it, `--offline`. (A fresh machine's cache holds tarballs but no package metadata after
 * `npm ci`, so resolving a range such as ^0.12.2 offline failed with ENOTCACHED, and
 * `--prefer-offline` fetched them from the registry.) The app is built with this project's
 * Vite, the version a web team would install.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { FI, launchBrowser, watchPage } from './helpers.js';
import { text } from '../fixtures/texts-node.js';

const root = process.cwd();
const tmp = mkdtempSync(join(tmpdir(), 'city-login-package-'));
const app = join(tmp, 'app');

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

interface PackageJson {
  main?: string;
  types?: string;
  exports?: Record<string, { types?: string; default?: string } | string>;
  bin?: Record<string, string> | string;
  customElements?: string;
  dependencies?: Record<string, string>;
  files?: string[];
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * The directories in node_modules of `names` and of everything they depend on (dependencies
 * and optional dependencies that are installed), found as Node finds them: the package's own
 * node_modules first, then each folder up to the project's.
 */
function dependencyDirs(names: readonly string[], from = root): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (name: string, parent: string) => {
    for (let dir = parent; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) {
        if (found.get(name) === candidate) return;
        if (found.has(name)) throw new Error(`${name} is installed twice (${found.get(name)}, ${candidate}): pack both by path`);
        found.set(name, candidate);
        const json = JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8')) as PackageJson & {
          optionalDependencies?: Record<string, string>;
        };
        for (const dep of Object.keys(json.dependencies ?? {})) visit(dep, candidate);
        for (const dep of Object.keys(json.optionalDependencies ?? {})) {
          try {
            visit(dep, candidate);
          } catch {
            // An optional dependency for another platform is not installed here.
          }
        }
        return;
      }
      if (dir === from || dir === dirname(dir))
        throw new Error(`${name} (needed by ${parent}) is not installed under ${from}/node_modules`);
    }
  };
  for (const name of names) visit(name, from);
  return found;
}

let pack: PackResult;
let tarball: string;
let paths: Set<string>;
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;

before(() => {
  // dist/city-login.js comes from `vite build` (test/run.mjs runs it before the tests);
  // dist/npm/ from tsc.
  if (!existsSync('dist/city-login.js')) run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], root);
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], root);
  const out = run('npm', ['pack', '--json', '--pack-destination', tmp], root);
  pack = (JSON.parse(out.slice(out.indexOf('['))) as PackResult[])[0]!;
  tarball = join(tmp, pack.filename);
  paths = new Set(pack.files.map((f) => f.path));
});

after(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm pack', () => {
  it('holds the bundle, the npm build with its .d.ts files, and nothing from src/ or test/', (t) => {
    t.diagnostic(
      `${pack.filename}: ${(pack.size / 1024).toFixed(1)} KiB packed, ${(pack.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${pack.files.length} files`,
    );
    console.log(
      `tarball ${pack.filename}: ${(pack.size / 1024).toFixed(1)} KiB (${pack.files.length} files, ${(pack.unpackedSize / 1024).toFixed(1)} KiB unpacked)`,
    );
    for (const file of [
      'package.json',
      'README.md',
      'dist/city-login.js',
      'dist/npm/index.js',
      'dist/npm/index.d.ts',
      'dist/npm/define.js',
      'dist/npm/define.d.ts',
      'dist/npm/localization.d.ts',
    ]) {
      assert.ok(paths.has(file), `${file} is in the tarball`);
    }
    assert.ok(
      [...paths].some((p) => p.startsWith('dist/chunks/')),
      'the locale chunks of dist/city-login.js are in the tarball',
    );
    const stray = [...paths].filter(
      (p) => /^(src|test|stories|bench|\.storybook|\.cache|node_modules|storybook-static)\//.test(p) || p.endsWith('.tgz'),
    );
    assert.deepEqual(stray, [], 'no sources, tests or build leftovers');
  });

  it('holds every file package.json points to (exports, main, types, bin, customElements)', () => {
    const targets = new Set<string>();
    const add = (path: string | undefined) => path && targets.add(normalize(path).replace(/^\.\//, ''));
    add(manifest.main);
    add(manifest.types);
    add(manifest.customElements);
    for (const entry of Object.values(manifest.exports ?? {})) {
      if (typeof entry === 'string') add(entry);
      else {
        add(entry.types);
        add(entry.default);
      }
    }
    if (typeof manifest.bin === 'string') add(manifest.bin);
    else Object.values(manifest.bin ?? {}).forEach(add);
    assert.ok(manifest.customElements, 'package.json names its custom-elements.json');
    const missing = [...targets].filter((path) => !paths.has(path));
    assert.deepEqual(missing, [], 'every target is in the tarball');
  });

  it("depends on Lit's packages and @lit/localize only, and does not bundle Lit into the npm build", () => {
    // @lit/reactive-element: the element extends ReactiveElement without lit-html (issue 15), at the version lit depends on.
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), ['@lit/localize', '@lit/reactive-element', 'lit']);
    const lit = JSON.parse(readFileSync('node_modules/lit/package.json', 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(
      manifest.dependencies?.['@lit/reactive-element'],
      lit.dependencies['@lit/reactive-element'],
      'the range lit itself asks for',
    );
    const index = readFileSync('dist/npm/index.js', 'utf8');
    assert.doesNotMatch(index, /customElements\.define/, 'the package entry itself registers nothing');
    assert.ok(
      [...paths].every((p) => !p.startsWith('dist/npm/') || !/lit-html|lit-element/.test(p)),
      'no copy of Lit under dist/npm/',
    );
  });
});

describe('a plain Vite app installs the tarball and uses it', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let url = '';
  const requests: string[] = [];

  before(async () => {
    mkdirSync(join(app, 'src'), { recursive: true });
    // The package's dependencies as installed here, each packed into a tarball of its own
    // (--ignore-scripts: nothing of theirs runs), and given to the app beside the package.
    const deps = join(tmp, 'deps');
    mkdirSync(deps);
    const dirs = [...dependencyDirs(Object.keys(manifest.dependencies ?? {})).values()];
    const packOut = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', deps, ...dirs], root);
    const packed = JSON.parse(packOut.slice(packOut.indexOf('['))) as Array<PackResult & { name: string }>;
    const local = Object.fromEntries(packed.map((p) => [p.name, `file:${join(deps, p.filename)}`]));
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify(
        { name: 'plain-vite-app', private: true, type: 'module', dependencies: { 'city-login': `file:${tarball}`, ...local } },
        null,
        2,
      ),
    );
    const page = (script: string, body: string) =>
      `<!doctype html>\n<html lang="fi">\n<head><meta charset="utf-8"><title>App</title><script type="module" src="${script}"></script></head>\n<body>${body}</body>\n</html>\n`;
    writeFileSync(join(app, 'index.html'), page('/src/main.ts', '<h1>Kaupungin palvelu</h1><city-login endpoint="/auth"></city-login>'));
    writeFileSync(
      join(app, 'src/main.ts'),
      `import { configureCityLoginLocalization } from 'city-login/localization.js';\nimport 'city-login/define.js';\n\nconfigureCityLoginLocalization();\n`,
    );
    // Only the package entry: classes and types, and no registration.
    writeFileSync(join(app, 'entry-only.html'), page('/src/entry-only.ts', '<city-login endpoint="/auth"></city-login>'));
    writeFileSync(
      join(app, 'src/entry-only.ts'),
      `import { CityLogin, HttpAuthClient } from 'city-login';\n\n` +
        `const w = window as unknown as { __entry: { cls: string; client: string; defined: boolean } };\n` +
        `w.__entry = { cls: typeof CityLogin, client: typeof HttpAuthClient, defined: customElements.get('city-login') !== undefined };\n`,
    );
    writeFileSync(
      join(app, 'vite.config.js'),
      `export default { logLevel: 'warn', build: { rolldownOptions: { input: { main: 'index.html', entry: 'entry-only.html' } } } };\n`,
    );
    // Offline: every package comes from a tarball above; a request to the registry fails.
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    const fromElsewhere = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.resolved?.startsWith('file:'));
    assert.deepEqual(fromElsewhere, [], 'every package of the app was installed from a local tarball');
    run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], app);

    const dist = join(app, 'dist');
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      requests.push(path);
      if (path === '/auth/session') {
        response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"unauthenticated"}');
        return;
      }
      const file = resolve(dist, `.${path === '/' ? '/index.html' : path}`);
      if (!file.startsWith(dist) || !existsSync(file)) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      response
        .writeHead(200, { 'Content-Type': `${types[extname(file)] ?? 'application/octet-stream'}; charset=utf-8` })
        .end(readFileSync(file));
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  });

  it('resolves the package types for the app (tsc, strict, moduleResolution bundler)', () => {
    // The app's own strict settings, and the package's .d.ts files checked too (no skipLibCheck).
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        include: ['src'],
      }),
    );
    run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  });

  it('renders the sign-in button (session 401) and switches to Svenska, loading the sv chunk then', async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const { errors } = watchPage(page);
    await page.goto(url);
    await page.getByRole('button', { name: FI.signIn }).waitFor();
    assert.ok(requests.includes('/auth/session'), 'the element asked for the session');
    const before = requests.length;
    await page.getByRole('button', { name: /^FIN/ }).click();
    await page.getByRole('button', { name: 'Svenska' }).click();
    const signInSv = text('sv', 'action.sign-in');
    await page.getByRole('button', { name: signInSv, exact: true }).waitFor();
    assert.equal(await page.locator('city-login').getAttribute('lang'), 'sv');
    const loaded = requests.slice(before).filter((p) => p.endsWith('.js'));
    assert.ok(
      loaded.some((p) => readFileSync(join(app, 'dist', p), 'utf8').includes(signInSv)),
      `the Swedish chunk was loaded on switching, not before (${loaded.join(', ') || 'none'})`,
    );
    assert.ok(
      requests.slice(0, before).every((p) => !p.endsWith('.js') || !readFileSync(join(app, 'dist', p), 'utf8').includes(signInSv)),
      'no Swedish before the switch',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('defines nothing when only the package entry is imported', async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const { errors } = watchPage(page);
    await page.goto(`${url}/entry-only.html`);
    await page.waitForFunction(() => '__entry' in window);
    const entry = await page.evaluate(() => (window as unknown as { __entry: { cls: string; client: string; defined: boolean } }).__entry);
    assert.deepEqual(entry, { cls: 'function', client: 'function', defined: false });
    assert.equal(await page.evaluate(() => customElements.get('city-login')), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
