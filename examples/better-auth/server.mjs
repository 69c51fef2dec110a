// @ts-check
/**
 * `<city-login>` on better-auth, one Node process: a plain page with the built element
 * (dist/city-login.js) under a strict Content-Security-Policy, the element's HTTP contract
 * at /auth (the bridge, city-login/better-auth), and better-auth itself at /api/auth, on
 * PostgreSQL (PGlite). The demo accounts are created at start.
 *
 *   npm start                      → http://127.0.0.1:3000
 *
 * A password reset "mails" its link to the console: <origin>/#reset-token=<token>.
 *   PORT=8080 DATA_DIR=./data npm start
 */
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { admin, username } from 'better-auth/plugins';
import { sql } from 'kysely';
// In an app that installs the package: from 'city-login/better-auth'. Here, the repository's build.
import { cityLoginBridge, reportDeliveryFailures, resetLink } from '../../dist/npm/better-auth/index.js';
import { openDatabase } from './database.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DIST = join(HERE, '../../dist');

export const DEMO_PASSWORD = 'Salasana123';
/** The demo accounts of the spec that better-auth can hold. */
export const DEMO_ACCOUNTS = [
  { email: 'esimerkki.erkki@example.com', name: 'Erkki Esimerkki' },
  { email: 'virve.viranomainen@espoo.fi', name: 'Virve Viranomainen', username: 'virve.viranomainen' },
  { email: 'lukittu@example.com', name: 'Lukittu Käyttäjä', banned: true },
  // Exists so that a reset mail is attempted, and the demo mailer fails for it: 502 delivery_failed.
  { email: 'virhe@example.com', name: 'Virhe Esimerkki' },
];
const MAIL_FAILS_FOR = 'virhe@example.com';

/** The strict policy of the page: no inline script or style, no eval, Trusted Types. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; require-trusted-types-for 'script'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** URL path → file: the page, its stylesheet, and the built element with its chunks (not dist/npm). */
async function staticFiles() {
  /** @type {Record<string, string>} */
  const files = { '/': join(HERE, 'index.html'), '/example.css': join(HERE, 'example.css') };
  for (const entry of await readdir(DIST, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !relative(DIST, path).startsWith('npm')) files[`/${relative(DIST, path).split('\\').join('/')}`] = path;
  }
  if (!files['/city-login.js'])
    throw new Error(`${DIST}/city-login.js is missing: run \`npm run build\` in the repository root (or \`npm run setup\` here)`);
  return files;
}

/**
 * Node's request as a web `Request` (what better-auth and the bridge speak).
 * @param {import('node:http').IncomingMessage} request
 * @param {string} origin
 */
async function toWebRequest(request, origin) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  // better-auth rate-limits by client address, read from this header: set it from the
  // socket, never from what the client sent. Behind a proxy, use its `trustedProxies` instead.
  headers.set('x-forwarded-for', (request.socket.remoteAddress ?? '').replace(/^::ffff:/, ''));
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(new URL(request.url ?? '/', origin), {
    method: request.method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}

/**
 * @param {import('node:http').ServerResponse} out
 * @param {Response} response
 */
async function sendWebResponse(out, response) {
  for (const [name, value] of response.headers) if (name !== 'set-cookie') out.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out.setHeader('Set-Cookie', cookies);
  out.writeHead(response.status).end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Starts the example. Resolves once the demo accounts exist.
 * @param {{ port?: number, host?: string, dataDir?: string, pageOrigins?: string[], log?: (line: string) => void }} [options]
 *   pageOrigins: other origins whose pages may embed the element (CORS, and better-auth's trustedOrigins)
 */
export async function startExample(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const files = await staticFiles();
  // The page's CSRF token (in its <meta>): one per process here; CSRF_TOKEN fixes it (e.g. for the contract kit).
  const csrfToken = process.env['CSRF_TOKEN'] || randomBytes(24).toString('base64url');
  const page = (await readFile(files['/'] ?? '', 'utf8')).replace('__CSRF_TOKEN__', csrfToken);

  /** @type {((request: Request) => Promise<Response | null>) | undefined} */
  let contract;
  /** @type {((request: Request) => Promise<Response>) | undefined} */
  let betterAuthHandler;

  const server = createServer((request, response) => {
    void (async () => {
      const web = await toWebRequest(request, origin);
      const { pathname } = new URL(web.url);
      if (!contract || !betterAuthHandler) return void response.writeHead(503, { 'Retry-After': '1' }).end('starting');
      // better-auth's own reset-link route redirects with the token in a query (logs, Referer).
      // The mail links to the page's #reset-token= instead, so nothing uses that route: closed.
      if (pathname.startsWith('/api/auth/reset-password/'))
        return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      // The contract first (the bridge answers only under /auth/), then better-auth's own routes.
      const answered = (await contract(web)) ?? (pathname.startsWith('/api/auth/') ? await betterAuthHandler(web) : null);
      if (answered) return sendWebResponse(response, answered);
      const file = files[pathname];
      if (request.method !== 'GET' || file === undefined)
        return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      const type = TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
      if (pathname === '/') return void response.writeHead(200, { ...headers, 'Content-Security-Policy': CSP }).end(page);
      response.writeHead(200, headers).end(await readFile(file));
    })().catch((error) => {
      log(`error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise((resolve) => server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const origin = `http://${options.host ?? '127.0.0.1'}:${typeof address === 'object' && address ? address.port : 0}`;

  const db = await openDatabase(options.dataDir);
  const pageOrigins = options.pageOrigins ?? [];
  /** @type {import('better-auth').BetterAuthOptions} */
  const authOptions = {
    baseURL: origin,
    basePath: '/api/auth',
    secret: process.env['BETTER_AUTH_SECRET'] ?? randomBytes(32).toString('hex'),
    trustedOrigins: pageOrigins,
    database: { db, type: 'postgres' },
    emailAndPassword: {
      enabled: true,
      // The demo "mailer" prints the link; it fails for one address, to show 502 delivery_failed.
      // The link is the page with the token in its fragment (the element opens "Aseta uusi
      // salasana" from it), not better-auth's `url`, whose redirect puts the token in a query.
      sendResetPassword: reportDeliveryFailures(async ({ user, token }) => {
        if (user.email === MAIL_FAILS_FOR) throw new Error(`cannot deliver to ${user.email}`);
        log(`[mail] password reset for ${user.email}: ${resetLink(`${origin}/`, token)}`);
      }),
      // better-auth's defaults, written out: what /auth/password-reset/verify tells the element (its policy).
      minPasswordLength: 8,
      maxPasswordLength: 128,
      // A reset link works for an hour (better-auth's default); setting a password ends the account's other sessions.
      resetPasswordTokenExpiresIn: 3600,
      revokeSessionsOnPasswordReset: true,
    },
    plugins: [username(), admin()],
    // On in development too; per client address and path: 5 sign-ins in 30 s (better-auth counts every attempt).
    rateLimit: { enabled: true, customRules: { '/sign-in/*': { window: 30, max: 5 } } },
    telemetry: { enabled: false },
    logger: { level: 'error' },
  };

  // The tables better-auth needs (with its plugins' columns), created when missing.
  const { runMigrations } = await getMigrations(authOptions);
  await runMigrations();
  const auth = betterAuth(authOptions);
  for (const account of DEMO_ACCOUNTS) {
    const exists = await db.selectFrom('user').select('id').where('email', '=', account.email).executeTakeFirst();
    if (!exists) {
      const { banned, ...fields } = account;
      await auth.api.signUpEmail({ body: { ...fields, password: DEMO_PASSWORD } });
      if (banned)
        await db
          .updateTable('user')
          .set({ banned: true, banReason: 'demo: a locked account' })
          .where('email', '=', account.email)
          .execute();
    }
  }

  contract = cityLoginBridge({
    auth,
    endpoint: '/auth',
    csrfToken,
    // Its own origin too, so that the contract kit can be run with --origin <this server>.
    corsOrigins: [origin, ...pageOrigins],
    // A banned account answers 423 with any password (better-auth: only with the right one).
    isLocked: async (identifier) => {
      const column = identifier.includes('@') ? 'email' : 'username';
      const row = await db.selectFrom('user').select('banned').where(sql.ref(column), '=', identifier.toLowerCase()).executeTakeFirst();
      return row?.banned === true;
    },
  });
  betterAuthHandler = (request) => auth.handler(request);
  log(`<city-login> on better-auth: ${origin}/  (demo: esimerkki.erkki@example.com or virve.viranomainen, password ${DEMO_PASSWORD})`);

  return {
    url: origin,
    csrfToken,
    /** The better-auth instance (for scripts and tests). */
    auth,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      await db.destroy();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const example = await startExample({ port: Number(process.env['PORT'] ?? 3000), dataDir: process.env['DATA_DIR'] });
  const stop = () => void example.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
