#!/usr/bin/env node
// city-login-contract: checks a live auth server against the HTTP contract of
// <city-login> (README, "HTTP contract") and prints a pass/fail table a backend
// team can act on. Plain Node 20 (global fetch, node:util), no dependencies.
//
// Safety: every request goes to the origin of the given endpoint URL only, never
// follows a redirect, has a timeout, and the run stops after --max-requests.
// It never provokes rate limiting and never prints the password.
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';

const USAGE = `Usage: city-login-contract <endpoint-url> --user <identifier> --password <password> [options]

Runs the <city-login> HTTP contract against a live auth server, e.g.
  city-login-contract https://auth.example.fi/auth --user demo@example.fi --password '…'

Options:
  --user <identifier>      a demo account that signs in with a password (required)
  --password <password>    its password (required; or the CITY_LOGIN_CONTRACT_PASSWORD variable)
  --locked <identifier>    a locked account: login must answer 423
  --reset-email <address>  a mailbox you own: password reset must answer 202 (an email may be sent)
  --origin <origin>        the host page's origin, to check CORS (e.g. https://www.example.fi)
  --csrf-token <token>     sent as X-CSRF-Token on POSTs; a POST without it is also tried
  --max-requests <n>       never send more than n requests in total (default 40)
  --timeout <ms>           per-request timeout (default 10000)
  --json                   machine-readable results on stdout
  -h, --help               this text

Exit code: 0 when every required scenario passes, 1 otherwise, 2 on bad usage.`;

class UsageError extends Error {}
class BudgetExhausted extends Error {}

function parseOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        user: { type: 'string' },
        password: { type: 'string' },
        locked: { type: 'string' },
        'reset-email': { type: 'string' },
        origin: { type: 'string' },
        'csrf-token': { type: 'string' },
        'max-requests': { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'the endpoint URL is missing' : 'give exactly one endpoint URL');
  let endpoint;
  try {
    endpoint = new URL(positionals[0]);
  } catch {
    throw new UsageError(`not a URL: ${positionals[0]}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new UsageError('the endpoint URL must be http: or https:');
  if (endpoint.username || endpoint.password) throw new UsageError('the endpoint URL must not contain credentials');
  endpoint.search = '';
  endpoint.hash = '';
  const user = values.user?.trim();
  if (!user) throw new UsageError('--user is required');
  const password = values.password ?? process.env.CITY_LOGIN_CONTRACT_PASSWORD;
  if (!password) throw new UsageError('--password is required');
  const integer = (name, fallback) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a positive integer`);
    return Number(raw);
  };
  let origin;
  if (values.origin !== undefined) {
    try {
      origin = new URL(values.origin).origin;
    } catch {
      throw new UsageError(`--origin is not an origin: ${values.origin}`);
    }
    if (origin === 'null') throw new UsageError(`--origin is not an http(s) origin: ${values.origin}`);
  }
  const resetEmail = values['reset-email']?.trim();
  if (resetEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(resetEmail)) throw new UsageError('--reset-email must be an email address');
  return {
    help: false,
    endpoint,
    user,
    password,
    locked: values.locked?.trim() || undefined,
    resetEmail,
    origin,
    csrfToken: values['csrf-token'],
    maxRequests: integer('max-requests', 40),
    timeout: integer('timeout', 10000),
    json: values.json ?? false,
  };
}

// ---------------------------------------------------------------- cookies

function parseSetCookie(header) {
  const [pair, ...rest] = header.split(';');
  const index = pair.indexOf('=');
  if (index <= 0) return null;
  const cookie = { name: pair.slice(0, index).trim(), value: pair.slice(index + 1).trim(), attributes: {}, raw: header };
  for (const part of rest) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key) cookie.attributes[key] = eq < 0 ? true : part.slice(eq + 1).trim();
  }
  return cookie;
}

function lifetime(cookie) {
  const maxAge = cookie.attributes['max-age'];
  if (typeof maxAge === 'string' && /^-?\d+$/.test(maxAge)) return { persistent: true, seconds: Number(maxAge) };
  const expires = cookie.attributes.expires;
  if (typeof expires === 'string') {
    const at = Date.parse(expires);
    if (!Number.isNaN(at)) return { persistent: true, seconds: Math.round((at - Date.now()) / 1000) };
  }
  return { persistent: false, seconds: null };
}

function pathMatches(cookiePath, requestPath) {
  const path = typeof cookiePath === 'string' && cookiePath.startsWith('/') ? cookiePath : '/';
  return requestPath === path || requestPath.startsWith(path.endsWith('/') ? path : `${path}/`);
}

class CookieJar {
  #cookies = new Map();

  store(cookie) {
    const { persistent, seconds } = lifetime(cookie);
    if (persistent && seconds !== null && seconds <= 0) this.#cookies.delete(cookie.name);
    else this.#cookies.set(cookie.name, cookie);
  }

  header(requestPath) {
    return [...this.#cookies.values()]
      .filter((c) => pathMatches(c.attributes.path, requestPath))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

function describeCookie(cookie) {
  const a = cookie.attributes;
  const { persistent, seconds } = lifetime(cookie);
  const parts = [
    a.httponly ? 'HttpOnly' : 'no HttpOnly',
    a.secure ? 'Secure' : 'no Secure',
    typeof a.samesite === 'string' ? `SameSite=${a.samesite}` : 'no SameSite',
    typeof a.path === 'string' ? `Path=${a.path}` : 'no Path',
    persistent ? `${a['max-age'] !== undefined ? 'Max-Age' : 'Expires'} ${seconds}s` : 'no Max-Age/Expires',
  ];
  if (typeof a.domain === 'string') parts.push(`Domain=${a.domain}`);
  return `${cookie.name}: ${parts.join(', ')}`;
}

// ---------------------------------------------------------------- HTTP

/** Registrable-domain approximation (last two labels; IPs and single labels as is). */
function site(url) {
  const host = url.hostname;
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return `${url.protocol}//${host}`;
  return `${url.protocol}//${host.split('.').slice(-2).join('.')}`;
}

function summarize(response) {
  if (response.error) return response.error;
  let text = `${response.status}`;
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    return `${text} redirect${location ? ` to ${location}` : ''} (not followed)`;
  }
  if (response.json !== undefined) text += ` ${JSON.stringify(response.json)}`;
  else if (response.text) text += ` ${response.headers.get('content-type') ?? 'no Content-Type'}: ${JSON.stringify(response.text.slice(0, 40))}`;
  return text.length > 110 ? `${text.slice(0, 107)}...` : text;
}

function isUser(value) {
  return typeof value === 'object' && value !== null && typeof value.name === 'string' && typeof value.email === 'string';
}

function hasError(json) {
  return typeof json === 'object' && json !== null && typeof json.error === 'string';
}

function headerList(value) {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

// ---------------------------------------------------------------- the run

async function run(options) {
  const base = options.endpoint;
  const basePath = base.pathname.replace(/\/+$/, '');
  const jar = new CookieJar();
  const results = [];
  const responses = [];
  let requests = 0;
  let budgetHit = false;

  async function send(method, call, { body, csrf = true, cookies = 'jar', headers = {} } = {}) {
    if (requests >= options.maxRequests) {
      budgetHit = true;
      throw new BudgetExhausted();
    }
    const url = new URL(`${basePath}/${call}`, base.origin);
    // Never any other host: the URL is built from the given origin only.
    if (url.origin !== base.origin) throw new Error(`refusing to contact ${url.origin}`);
    const h = { Accept: 'application/json', 'Accept-Language': 'fi', 'User-Agent': 'city-login-contract', ...headers };
    if (options.origin) h.Origin = options.origin;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (csrf && options.csrfToken && method === 'POST') h['X-CSRF-Token'] = options.csrfToken;
    const cookieHeader = cookies === 'jar' ? jar.header(url.pathname) : cookies;
    if (cookieHeader) h.Cookie = cookieHeader;
    requests += 1;
    const entry = { method, call, status: 0, headers: new Headers(), setCookies: [], json: undefined, text: '', error: undefined };
    try {
      const response = await fetch(url, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeout),
      });
      entry.status = response.status;
      entry.headers = response.headers;
      entry.text = await response.text();
      if (entry.text) {
        try {
          entry.json = JSON.parse(entry.text);
        } catch {
          entry.json = undefined;
        }
      }
      for (const raw of response.headers.getSetCookie()) {
        const cookie = parseSetCookie(raw);
        if (cookie) {
          entry.setCookies.push(cookie);
          if (cookies === 'jar') jar.store(cookie);
        }
      }
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      entry.error =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${options.timeout} ms`
          : `network error: ${error instanceof Error ? (error.cause?.code ?? error.message) : String(error)}`;
    }
    responses.push(entry);
    return entry;
  }

  /**
   * One scenario: `check` sends what it needs and returns {verdict, got, hint?}.
   * `required`: true, false (not configured: skipped), or 'advisory' (a failure is a
   * warning and does not fail the run).
   */
  async function scenario(id, title, expected, required, check) {
    let outcome;
    try {
      outcome = await check();
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) throw error;
      outcome = { verdict: 'skip', got: `not run: --max-requests ${options.maxRequests} reached` };
    }
    const advisory = required === 'advisory';
    let { verdict } = outcome;
    if (verdict === 'fail' && (advisory || !required)) verdict = 'warn';
    const result = { id, title, expected, got: outcome.got, verdict, required: required === true && outcome.verdict !== 'n/a', advisory };
    if (outcome.verdict === 'n/a') result.verdict = 'skip';
    if (outcome.hint && (verdict === 'fail' || verdict === 'warn')) result.hint = outcome.hint;
    results.push(result);
    return result;
  }

  const pass = (got) => ({ verdict: 'pass', got });
  const fail = (got, hint) => ({ verdict: 'fail', got, hint });
  const notApplicable = (got) => ({ verdict: 'n/a', got });
  const needs = (what) => ({ verdict: 'skip', got: `not run: needs ${what}` });
  const csrfHint = (r) => (r.status === 403 ? ' (403: does the server want X-CSRF-Token? pass --csrf-token)' : '');

  const wrongPassword = `contract-kit-wrong-${randomBytes(6).toString('hex')}`;
  const unknownIdentifier = (() => {
    const tag = `contract-kit-${randomBytes(4).toString('hex')}`;
    const at = options.user.lastIndexOf('@');
    return at > 0 ? `${tag}@${options.user.slice(at + 1)}` : tag;
  })();
  const crossSite = options.origin !== undefined && site(new URL(options.origin)) !== site(base);

  // 1. session, signed out
  await scenario('session-signed-out', 'session without a cookie', '401', true, async () => {
    const r = await send('GET', 'session', { cookies: '' });
    return r.status === 401 ? pass(summarize(r)) : fail(summarize(r), 'GET {endpoint}/session without a session cookie must answer 401.');
  });

  // 2. identify
  let identifyKnown;
  await scenario('identify', 'identify the demo user', '200 {next:"password"} or {next:"redirect",url}, or 404', true, async () => {
    const r = (identifyKnown = await send('POST', 'identify', { body: { username: options.user } }));
    const j = r.json;
    if (r.status === 404) return pass(`${summarize(r)} (no identify step: the element goes to the password)`);
    if (r.status === 200 && j?.next === 'password') return pass(summarize(r));
    if (r.status === 200 && j?.next === 'redirect' && typeof j.url === 'string') return pass(`${summarize(r)} (external sign-in)`);
    return fail(summarize(r) + csrfHint(r), 'POST {endpoint}/identify {username} must answer 200 {"next":"password"}, 200 {"next":"redirect","url"} or 404.');
  });

  await scenario('identify-no-enumeration', 'identify an unknown identifier', 'the same answer as for the demo user', true, async () => {
    if (!identifyKnown || identifyKnown.error) return needs('an answer to identify');
    const r = await send('POST', 'identify', { body: { username: unknownIdentifier } });
    const same = r.status === identifyKnown.status && JSON.stringify(r.json ?? null) === JSON.stringify(identifyKnown.json ?? null);
    return same
      ? pass(`the same: ${summarize(r)} for ${unknownIdentifier}`)
      : fail(`${summarize(r)} for ${unknownIdentifier}, ${summarize(identifyKnown)} for the demo user`, 'Identify must not reveal whether an account exists: answer every identifier that signs in with a password the same way.');
  });

  // 3. login failure
  await scenario('login-wrong-password', 'login with a wrong password', '401 {error}', true, async () => {
    const r = await send('POST', 'login', { body: { username: options.user, password: wrongPassword, remember: false }, cookies: '' });
    if (r.status === 401 && hasError(r.json)) return pass(summarize(r));
    if (r.status === 401) return fail(summarize(r), 'The 401 body must be JSON {"error": "<code>"} (e.g. "invalid_credentials").');
    if (r.status === 429) return fail(`${summarize(r)} (rate limited: rerun after Retry-After)`, 'Wait for the rate limit to pass and rerun.');
    return fail(summarize(r) + csrfHint(r), 'A wrong password must answer 401 {"error": "invalid_credentials"}, and never sign in.');
  });

  // 4. login success (remember: false) and its cookie
  let login;
  let sessionCookie;
  await scenario('login', 'login (remember: false)', '200 {user:{name,email}} + Set-Cookie', true, async () => {
    const r = (login = await send('POST', 'login', { body: { username: options.user, password: options.password, remember: false } }));
    if (r.status !== 200 || !isUser(r.json?.user)) {
      return fail(summarize(r) + csrfHint(r), 'POST {endpoint}/login {username, password, remember} with the right password must answer 200 {"user": {"name", "email"}}.');
    }
    sessionCookie = r.setCookies.find((c) => c.attributes.httponly) ?? r.setCookies[0];
    if (!sessionCookie) return fail(`${summarize(r)}, no Set-Cookie`, 'A successful login must set the session cookie (Set-Cookie).');
    return pass(`200 user ${JSON.stringify(r.json.user.name)}, sets ${r.setCookies.map((c) => c.name).join(', ')}`);
  });

  const cookieExpected = crossSite
    ? 'HttpOnly; Secure; SameSite=None; Path covers the endpoint'
    : `HttpOnly; ${base.protocol === 'https:' ? 'Secure; ' : ''}SameSite=Lax|Strict; Path covers the endpoint`;
  await scenario('cookie-attributes', 'session cookie attributes', cookieExpected, true, async () => {
    if (!sessionCookie) return needs('a session cookie from login');
    const a = sessionCookie.attributes;
    const problems = [];
    const notes = [];
    const sameSite = typeof a.samesite === 'string' ? a.samesite.toLowerCase() : undefined;
    if (!a.httponly) problems.push('not HttpOnly');
    if (base.protocol === 'https:' && !a.secure) problems.push('not Secure');
    if (base.protocol === 'http:' && !a.secure) notes.push('not Secure: acceptable on http only');
    if (crossSite) {
      if (sameSite !== 'none' || !a.secure) problems.push('the page is on another site: needs SameSite=None; Secure');
    } else if (sameSite === undefined) problems.push('no SameSite');
    else if (sameSite === 'none' && !a.secure) problems.push('SameSite=None without Secure is rejected by browsers');
    else if (sameSite === 'none') notes.push('SameSite=None not needed on a same-site endpoint');
    else if (sameSite !== 'lax' && sameSite !== 'strict') problems.push(`SameSite=${a.samesite} is not a valid value`);
    if (!pathMatches(a.path, `${basePath}/session`)) problems.push(`Path=${a.path} does not cover ${basePath}/session`);
    if (typeof a.domain === 'string') {
      const domain = a.domain.replace(/^\./, '').toLowerCase();
      if (base.hostname !== domain && !base.hostname.endsWith(`.${domain}`)) problems.push(`Domain=${a.domain} does not match ${base.hostname}`);
    }
    const got = [describeCookie(sessionCookie), ...problems, ...notes].join('; ');
    return problems.length === 0 ? pass(got) : fail(got, `Set the session cookie with ${cookieExpected}.`);
  });

  await scenario('cookie-browser-session', 'remember: false → browser-session cookie', 'no Max-Age/Expires', true, async () => {
    if (!sessionCookie) return needs('a session cookie from login');
    const { persistent, seconds } = lifetime(sessionCookie);
    return persistent
      ? fail(`persistent (${seconds}s)`, 'Without "remember", set a browser-session cookie (no Max-Age, no Expires).')
      : pass('browser-session cookie');
  });

  // 5. session with the cookie
  await scenario('session-signed-in', 'session with the cookie', '200 {user:{name,email}}', true, async () => {
    if (!sessionCookie) return needs('a session cookie from login');
    const r = await send('GET', 'session');
    return r.status === 200 && isUser(r.json?.user)
      ? pass(summarize(r))
      : fail(summarize(r), 'GET {endpoint}/session with the session cookie must answer 200 {"user": {"name", "email"}}.');
  });

  // 6. remember: true
  let rememberCookie;
  await scenario('login-remember', 'login (remember: true) → persistent cookie', '200 + Max-Age > 0 or a future Expires', true, async () => {
    if (!login || login.status !== 200) return needs('a successful login');
    const r = await send('POST', 'login', { body: { username: options.user, password: options.password, remember: true } });
    if (r.status !== 200) return fail(summarize(r) + csrfHint(r), 'remember: true must sign in like remember: false.');
    rememberCookie = r.setCookies.find((c) => c.name === sessionCookie?.name) ?? r.setCookies[0];
    if (!rememberCookie) return fail('200, no Set-Cookie', 'With "remember", set a persistent session cookie (Max-Age).');
    const { persistent, seconds } = lifetime(rememberCookie);
    return persistent && seconds !== null && seconds > 0
      ? pass(`${rememberCookie.name}: persistent, ${seconds}s (${Math.round(seconds / 86400)} d)`)
      : fail(describeCookie(rememberCookie), 'With "remember", set a persistent session cookie (Max-Age > 0).');
  });

  // 7. logout
  let logout;
  await scenario('logout', 'logout', '204 (or 200)', true, async () => {
    if (!login || login.status !== 200) return needs('a successful login');
    const r = (logout = await send('POST', 'logout'));
    return r.status === 204 || r.status === 200
      ? pass(`${summarize(r)}${r.setCookies.length ? `, clears ${r.setCookies.map((c) => c.name).join(', ')}` : ''}`)
      : fail(summarize(r) + csrfHint(r), 'POST {endpoint}/logout with the session cookie must answer 204.');
  });

  await scenario('session-after-logout', 'session after logout', '401', true, async () => {
    if (!logout || (logout.status !== 204 && logout.status !== 200)) return needs('a successful logout');
    const r = await send('GET', 'session');
    return r.status === 401
      ? pass(summarize(r))
      : fail(summarize(r), 'After logout the session must be over: clear the cookie (Max-Age=0) and end the session on the server.');
  });

  await scenario('session-replay-after-logout', 'the old cookie, replayed after logout', '401 (ended on the server)', 'advisory', async () => {
    if (!logout || (logout.status !== 204 && logout.status !== 200)) return needs('a successful logout');
    const old = rememberCookie ?? sessionCookie;
    if (!old) return needs('a session cookie');
    const r = await send('GET', 'session', { cookies: `${old.name}=${old.value}` });
    return r.status === 401
      ? pass(summarize(r))
      : fail(`${summarize(r)}: the session outlives logout`, 'Invalidate the session on the server at logout, not only the cookie in the browser.');
  });

  // 8. password reset
  await scenario('password-reset', 'password reset', '202', options.resetEmail !== undefined, async () => {
    if (!options.resetEmail) return needs('--reset-email (a mailbox you own)');
    const r = await send('POST', 'password-reset', { body: { email: options.resetEmail } });
    return r.status === 202 ? pass(summarize(r)) : fail(summarize(r) + csrfHint(r), 'POST {endpoint}/password-reset {email} must answer 202 (the same for every address).');
  });

  // 9. locked account
  await scenario('locked', 'login to a locked account', '423 {error}', options.locked !== undefined, async () => {
    if (!options.locked) return needs('--locked <identifier>');
    const r = await send('POST', 'login', { body: { username: options.locked, password: wrongPassword, remember: false }, cookies: '' });
    return r.status === 423 && hasError(r.json)
      ? pass(summarize(r))
      : fail(summarize(r) + csrfHint(r), 'A locked account must answer 423 {"error": "locked"}.');
  });

  // 10. CSRF
  await scenario('csrf-accepted', 'POSTs with X-CSRF-Token accepted', 'no 403 on POSTs carrying the token', options.csrfToken !== undefined, async () => {
    if (!options.csrfToken) return needs('--csrf-token');
    const posts = responses.filter((r) => r.method === 'POST' && !r.error);
    if (posts.length === 0) return needs('a POST');
    const rejected = posts.filter((r) => r.status === 403);
    return rejected.length === 0
      ? pass(`${posts.length} POSTs, none rejected`)
      : fail(`403 on ${rejected.map((r) => r.call).join(', ')}`, 'Accept the X-CSRF-Token the page provides (header allowed, token valid).');
  });

  await scenario('csrf-missing', 'POST without X-CSRF-Token', 'rejected (403)', 'advisory', async () => {
    if (!options.csrfToken) {
      const posts = responses.filter((r) => r.method === 'POST' && !r.error);
      if (posts.length === 0) return needs('a POST');
      const accepted = posts.filter((r) => r.status !== 403);
      return accepted.length === 0
        ? pass(`403 on every POST without a token (pass --csrf-token to test with one)`)
        : fail(`${accepted.length} POSTs without a token were answered (${[...new Set(accepted.map((r) => r.call))].join(', ')})`, 'Reject POSTs that lack the CSRF token (or say how the server protects against CSRF).');
    }
    const r = await send('POST', 'identify', { body: { username: unknownIdentifier }, csrf: false });
    return r.status === 403 || (r.status >= 400 && r.status < 500 && r.status !== 404)
      ? pass(summarize(r))
      : fail(`${summarize(r)}: accepted without a token`, 'Reject POSTs that lack the CSRF token.');
  });

  // 11. CORS (cross-origin pages)
  await scenario(
    'cors-preflight',
    'CORS preflight (OPTIONS login)',
    `2xx, Allow-Origin ${options.origin ?? '<origin>'}, Allow-Credentials true, Allow-Headers Content-Type, X-CSRF-Token, Accept-Language`,
    options.origin !== undefined,
    async () => {
      if (!options.origin) return needs('--origin <page origin>');
      const r = await send('OPTIONS', 'login', {
        cookies: '',
        headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'accept-language,content-type,x-csrf-token' },
      });
      if (r.error) return fail(r.error, 'Answer the OPTIONS preflight on the API paths.');
      const problems = [];
      const allowOrigin = r.headers.get('access-control-allow-origin');
      if (r.status < 200 || r.status > 299) problems.push(`status ${r.status}`);
      if (allowOrigin !== options.origin) problems.push(`Allow-Origin ${allowOrigin === null ? 'missing' : JSON.stringify(allowOrigin)}${allowOrigin === '*' ? ' (* is refused with credentials)' : ''}`);
      if (r.headers.get('access-control-allow-credentials') !== 'true') problems.push('Allow-Credentials not true');
      const allowed = headerList(r.headers.get('access-control-allow-headers'));
      const missing = ['content-type', 'x-csrf-token', 'accept-language'].filter((h) => !allowed.includes(h));
      if (missing.length) problems.push(`Allow-Headers lacks ${missing.join(', ')}${allowed.includes('*') ? ' (* does not count with credentials)' : ''}`);
      const methods = headerList(r.headers.get('access-control-allow-methods'));
      if (methods.length && !methods.includes('post')) problems.push('Allow-Methods lacks POST');
      const vary = headerList(r.headers.get('vary'));
      const note = vary.includes('origin') ? '' : ' (no Vary: Origin)';
      return problems.length === 0
        ? pass(`${r.status}, Allow-Origin ${allowOrigin}, credentials, headers ok${note}`)
        : fail(problems.join('; '), 'On OPTIONS: Access-Control-Allow-Origin: <the page origin>, Allow-Credentials: true, Allow-Headers: Content-Type, Accept-Language, X-CSRF-Token, Allow-Methods: GET, POST.');
    },
  );

  await scenario('cors-responses', 'CORS on API responses', `Allow-Origin ${options.origin ?? '<origin>'}, Allow-Credentials true, Expose-Headers Retry-After`, options.origin !== undefined, async () => {
    if (!options.origin) return needs('--origin <page origin>');
    const answered = responses.filter((r) => !r.error && r.method !== 'OPTIONS');
    if (answered.length === 0) return needs('an answered request');
    const problems = new Set();
    for (const r of answered) {
      const allowOrigin = r.headers.get('access-control-allow-origin');
      if (allowOrigin !== options.origin) problems.add(`${r.call}: Allow-Origin ${allowOrigin === null ? 'missing' : JSON.stringify(allowOrigin)}`);
      if (r.headers.get('access-control-allow-credentials') !== 'true') problems.add(`${r.call}: Allow-Credentials not true`);
    }
    const logins = answered.filter((r) => r.call === 'login');
    if (logins.length > 0 && !logins.every((r) => headerList(r.headers.get('access-control-expose-headers')).includes('retry-after'))) {
      problems.add('login: Retry-After not in Expose-Headers');
    }
    return problems.size === 0
      ? pass(`${answered.length} responses: Allow-Origin ${options.origin}, credentials, Retry-After exposed`)
      : fail([...problems].slice(0, 4).join('; '), 'Every API response: Access-Control-Allow-Origin: <the page origin> (never *), Access-Control-Allow-Credentials: true, Access-Control-Expose-Headers: Retry-After.');
  });

  // 12. Retry-After (never provoked on purpose)
  await scenario('retry-after', 'Retry-After on 429', 'seconds or an HTTP date', true, async () => {
    const limited = responses.filter((r) => r.status === 429);
    if (limited.length === 0) return notApplicable('not provoked (the kit does not hammer the server)');
    const bad = limited.filter((r) => {
      const value = r.headers.get('retry-after');
      return value === null || !(/^\d+$/.test(value.trim()) || !Number.isNaN(Date.parse(value)));
    });
    return bad.length === 0
      ? pass(`429 on ${limited.map((r) => r.call).join(', ')}: Retry-After ${limited[0].headers.get('retry-after')}`)
      : fail(`429 on ${bad.map((r) => r.call).join(', ')} without a valid Retry-After`, 'A 429 must carry Retry-After (seconds or an HTTP date).');
  });

  const failed = results.filter((r) => r.required && r.verdict !== 'pass');
  const summary = {
    passed: results.filter((r) => r.verdict === 'pass').length,
    failed: results.filter((r) => r.verdict === 'fail').length,
    warnings: results.filter((r) => r.verdict === 'warn').length,
    skipped: results.filter((r) => r.verdict === 'skip').length,
    requests,
    maxRequests: options.maxRequests,
    budgetReached: budgetHit,
    ok: failed.length === 0,
    failedRequired: failed.map((r) => r.id),
  };
  return { endpoint: base.href, results, summary };
}

// ---------------------------------------------------------------- output

function table(report) {
  const rows = [['scenario', 'expected', 'got', 'verdict'], ...report.results.map((r) => [
    `${r.id}${r.advisory ? ' (advisory)' : ''}`,
    r.expected,
    r.got,
    r.verdict.toUpperCase(),
  ])];
  const widths = [0, 1].map((i) => Math.min(Math.max(...rows.map((row) => row[i].length)), i === 0 ? 38 : 40));
  const gotWidth = Math.min(Math.max(...rows.map((row) => row[2].length)), 64);
  const cell = (text, width) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  const lines = rows.map((row) => [cell(row[0], widths[0]), cell(row[1], widths[1]), cell(row[2], gotWidth), row[3]].join('  '));
  lines.splice(1, 0, '-'.repeat(lines[0].length));
  const s = report.summary;
  const out = [`city-login contract: ${report.endpoint}`, '', ...lines, ''];
  const todo = report.results.filter((r) => r.hint);
  if (todo.length) {
    out.push('To fix:');
    for (const r of todo) out.push(`  ${r.verdict === 'fail' ? 'FAIL' : 'WARN'} ${r.id}: ${r.got}\n       → ${r.hint}`);
    out.push('');
  }
  out.push(
    `${s.ok ? 'PASS' : 'FAIL'}: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.skipped} skipped; ${s.requests} of at most ${s.maxRequests} requests` +
      (s.budgetReached ? ` (stopped: --max-requests ${s.maxRequests} reached)` : '') +
      (s.ok ? '' : `; failing or not run: ${s.failedRequired.join(', ')}`),
  );
  return out.join('\n');
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`city-login-contract: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const report = await run(options);
  const text = options.json ? JSON.stringify(report, null, 2) : table(report);
  // The password never reaches the output, even if a server echoes it.
  process.stdout.write(`${text.split(options.password).join('***')}\n`);
  return report.summary.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`city-login-contract: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
