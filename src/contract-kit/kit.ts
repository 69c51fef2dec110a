/**
 * The contract kit: checks a live auth server against the HTTP contract of `<city-login>`
 * (`src/contract/contract.ts`), judging every answer with the same `interpret` and readers
 * the element's built-in client uses. The scenarios are a typed list, run in order; a
 * scenario that needs an earlier one's result says so and is skipped without it.
 */
import { AuthError } from '../auth/auth-client.js';
import {
  CALLS,
  CORS,
  DATE_HEADER,
  RETRY_AFTER_HEADER,
  interpret,
  isRedirect,
  type CallName,
  type CallResults,
} from '../contract/contract.js';
import { readRetryAfter, readSessionEnd, type PasskeyOptionsJSON } from '../contract/readers.js';
import { SoftwareAuthenticator, base64url } from './authenticator.js';
import {
  BudgetExhausted,
  KitClient,
  describeCookie,
  headerList,
  lifetime,
  pathMatches,
  site,
  summarize,
  type Cookie,
  type Exchange,
} from './http.js';
import type { ContractReport, ScenarioResult, Verdict } from './report.js';

export interface KitOptions {
  /** The endpoint, e.g. `https://auth.example.fi/auth` (no query, no credentials). */
  endpoint: URL;
  /** A demo account that signs in with a password. */
  user: string;
  password: string;
  /** A locked account: login must answer as locked. */
  locked?: string;
  /** A mailbox the caller owns: password reset is tried with it. */
  resetEmail?: string;
  /** The host page's origin, to check CORS. */
  origin?: string;
  csrfToken?: string;
  maxRequests: number;
  /** Per request, ms. */
  timeout: number;
  /** Random text for the wrong password and the unknown identifier (tests pass a fixed one). */
  nonce: string;
}

/** How a scenario ended, before it is made a result. */
interface Outcome {
  readonly verdict: 'pass' | 'fail' | 'skip' | 'n/a';
  readonly got: string;
  readonly hint?: string;
}

/**
 * One scenario. `required`: true (a failure fails the run), false (not configured: it says
 * what it needs and is skipped), or 'advisory' (a failure is a warning).
 */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly expected: string;
  readonly required: boolean | 'advisory';
  readonly run: () => Promise<Outcome>;
}

const pass = (got: string): Outcome => ({ verdict: 'pass', got });
const fail = (got: string, hint: string): Outcome => ({ verdict: 'fail', got, hint });
const notApplicable = (got: string): Outcome => ({ verdict: 'n/a', got });
const needs = (what: string): Outcome => ({ verdict: 'skip', got: `not run: needs ${what}` });

/** The answer as the element reads it: its result, or the error code it would explain. */
function judge<C extends CallName>(call: C, exchange: Exchange, baseUrl: string): { value: CallResults[C] } | { code: string } {
  if (exchange.error) return { code: exchange.error };
  try {
    return { value: interpret(call, { status: exchange.status, headers: exchange.headers, body: exchange.json }, { baseUrl }) };
  } catch (error) {
    if (error instanceof AuthError) return { code: error.code };
    throw error;
  }
}

function hasErrorBody(json: unknown): boolean {
  return typeof json === 'object' && json !== null && typeof (json as { error?: unknown }).error === 'string';
}

const csrfHint = (r: Exchange) => (r.status === 403 ? ' (403: does the server want X-CSRF-Token? pass --csrf-token)' : '');

/** What the contract asks for, as the docs write it: `204 (or 200)`. */
function statuses(call: CallName): string {
  const [first, ...rest] = CALLS[call].success;
  return rest.length ? `${first} (or ${rest.join(', ')})` : String(first);
}

export function scenarios(options: KitOptions, client: KitClient): Scenario[] {
  const base = options.endpoint;
  const baseUrl = new URL(`${client.basePath}/`, base.origin).href;
  const wrongPassword = `contract-kit-wrong-${options.nonce}`;
  const unknownIdentifier = (() => {
    const tag = `contract-kit-${options.nonce.slice(0, 8)}`;
    const at = options.user.lastIndexOf('@');
    return at > 0 ? `${tag}@${options.user.slice(at + 1)}` : tag;
  })();
  const crossSite = options.origin !== undefined && site(new URL(options.origin)) !== site(base);
  const cookieExpected = crossSite
    ? 'HttpOnly; Secure; SameSite=None; Path covers the endpoint'
    : `HttpOnly; ${base.protocol === 'https:' ? 'Secure; ' : ''}SameSite=Lax|Strict; Path covers the endpoint`;

  // What later scenarios need of earlier ones.
  let identifyKnown: Exchange | undefined;
  let login: Exchange | undefined;
  let sessionCookie: Cookie | undefined;
  let rememberCookie: Cookie | undefined;
  let logout: Exchange | undefined;
  /** The session check with the cookie (issue 17: its `expiresAt`). */
  let sessionAnswer: Exchange | undefined;
  /** Whether an answer with the user carried `expiresAt` (then the element warns, and refresh matters). */
  let expiresAtSeen = false;
  const signedIn = () => login !== undefined && 'value' in judge('login', login, baseUrl);
  const loggedOut = () => logout !== undefined && 'value' in judge('logout', logout, baseUrl);
  // Passkeys (issue 16): a software authenticator for the page's origin registers one and signs with it.
  const pageOrigin = options.origin ?? base.origin;
  const authenticator = new SoftwareAuthenticator(pageOrigin);
  let passkeyOptions: PasskeyOptionsJSON | null | undefined;
  let passkeyRegistered = false;
  let assertion: object | undefined;

  return [
    {
      id: 'session-signed-out',
      title: 'session without a cookie',
      expected: String(CALLS.session.rules[0]?.status),
      required: true,
      run: async () => {
        const r = await client.send('session', { cookies: '' });
        const j = judge('session', r, baseUrl);
        return 'value' in j && j.value === null
          ? pass(summarize(r))
          : fail(summarize(r), 'GET {endpoint}/session without a session cookie must answer 401.');
      },
    },
    {
      id: 'identify',
      title: 'identify the demo user',
      expected: '200 {next:"password"} or {next:"redirect",url}, or 404',
      required: true,
      run: async () => {
        const r = (identifyKnown = await client.send('identify', { body: { username: options.user } }));
        const j = judge('identify', r, baseUrl);
        if (!('value' in j)) {
          return fail(
            summarize(r) + csrfHint(r),
            'POST {endpoint}/identify {username} must answer 200 {"next":"password"}, 200 {"next":"redirect","url"} (http or https) or 404.',
          );
        }
        if (r.status === 404) return pass(`${summarize(r)} (no identify step: the element goes to the password)`);
        return pass(`${summarize(r)}${j.value.next === 'redirect' ? ' (external sign-in)' : ''}`);
      },
    },
    {
      id: 'identify-no-enumeration',
      title: 'identify an unknown identifier',
      expected: 'the same answer as for the demo user',
      required: true,
      run: async () => {
        if (!identifyKnown || identifyKnown.error) return needs('an answer to identify');
        const r = await client.send('identify', { body: { username: unknownIdentifier } });
        const same = r.status === identifyKnown.status && JSON.stringify(r.json ?? null) === JSON.stringify(identifyKnown.json ?? null);
        return same
          ? pass(`the same: ${summarize(r)} for ${unknownIdentifier}`)
          : fail(
              `${summarize(r)} for ${unknownIdentifier}, ${summarize(identifyKnown)} for the demo user`,
              'Identify must not reveal whether an account exists: answer every identifier that signs in with a password the same way.',
            );
      },
    },
    {
      id: 'login-wrong-password',
      title: 'login with a wrong password',
      expected: '401 {error}',
      required: true,
      run: async () => {
        const r = await client.send('login', { body: { username: options.user, password: wrongPassword, remember: false }, cookies: '' });
        const j = judge('login', r, baseUrl);
        if ('code' in j && j.code === 'invalid_credentials') {
          return hasErrorBody(r.json)
            ? pass(summarize(r))
            : fail(summarize(r), 'The 401 body must be JSON {"error": "<code>"} (e.g. "invalid_credentials").');
        }
        if ('code' in j && j.code === 'rate_limited')
          return fail(`${summarize(r)} (rate limited: rerun after Retry-After)`, 'Wait for the rate limit to pass and rerun.');
        return fail(summarize(r) + csrfHint(r), 'A wrong password must answer 401 {"error": "invalid_credentials"}, and never sign in.');
      },
    },
    {
      id: 'login',
      title: 'login (remember: false)',
      expected: '200 {user:{name,email}} + Set-Cookie',
      required: true,
      run: async () => {
        const r = (login = await client.send('login', { body: { username: options.user, password: options.password, remember: false } }));
        const j = judge('login', r, baseUrl);
        if (!('value' in j)) {
          return fail(
            summarize(r) + csrfHint(r),
            'POST {endpoint}/login {username, password, remember} with the right password must answer 200 {"user": {"name", "email"}} (at least one of the two).',
          );
        }
        sessionCookie = r.setCookies.find((c) => c.attributes['httponly']) ?? r.setCookies[0];
        if (!sessionCookie) return fail(`${summarize(r)}, no Set-Cookie`, 'A successful login must set the session cookie (Set-Cookie).');
        return pass(
          `${r.status} user ${JSON.stringify(j.value.name || j.value.email)}, sets ${r.setCookies.map((c) => c.name).join(', ')}`,
        );
      },
    },
    {
      id: 'user-name-and-email',
      title: 'the user has a name and an email',
      expected: 'both non-empty (the badge reads "Name (email)")',
      required: 'advisory',
      run: async () => {
        if (!login || !signedIn()) return needs('a successful login');
        const j = judge('login', login, baseUrl);
        if (!('value' in j)) return needs('a successful login');
        const missing = (['name', 'email'] as const).filter((key) => j.value[key] === '');
        return missing.length === 0
          ? pass('name and email')
          : fail(`no ${missing.join(' and no ')}: the badge shows only what it has`, 'Send both "name" and "email" in "user".');
      },
    },
    {
      id: 'cookie-attributes',
      title: 'session cookie attributes',
      expected: cookieExpected,
      required: true,
      run: async () => {
        if (!sessionCookie) return needs('a session cookie from login');
        const a = sessionCookie.attributes;
        const problems: string[] = [];
        const notes: string[] = [];
        const sameSite = typeof a['samesite'] === 'string' ? a['samesite'].toLowerCase() : undefined;
        if (!a['httponly']) problems.push('not HttpOnly');
        if (base.protocol === 'https:' && !a['secure']) problems.push('not Secure');
        if (base.protocol === 'http:' && !a['secure']) notes.push('not Secure: acceptable on http only');
        if (crossSite) {
          if (sameSite !== 'none' || !a['secure']) problems.push('the page is on another site: needs SameSite=None; Secure');
        } else if (sameSite === undefined) problems.push('no SameSite');
        else if (sameSite === 'none' && !a['secure']) problems.push('SameSite=None without Secure is rejected by browsers');
        else if (sameSite === 'none') notes.push('SameSite=None not needed on a same-site endpoint');
        else if (sameSite !== 'lax' && sameSite !== 'strict') problems.push(`SameSite=${String(a['samesite'])} is not a valid value`);
        if (!pathMatches(a['path'], `${client.basePath}/session`))
          problems.push(`Path=${String(a['path'])} does not cover ${client.basePath}/session`);
        if (typeof a['domain'] === 'string') {
          const domain = a['domain'].replace(/^\./, '').toLowerCase();
          if (base.hostname !== domain && !base.hostname.endsWith(`.${domain}`))
            problems.push(`Domain=${a['domain']} does not match ${base.hostname}`);
        }
        const got = [describeCookie(sessionCookie), ...problems, ...notes].join('; ');
        return problems.length === 0 ? pass(got) : fail(got, `Set the session cookie with ${cookieExpected}.`);
      },
    },
    {
      id: 'cookie-browser-session',
      title: 'remember: false → browser-session cookie',
      expected: 'no Max-Age/Expires',
      required: true,
      run: async () => {
        if (!sessionCookie) return needs('a session cookie from login');
        const { persistent, seconds } = lifetime(sessionCookie);
        return persistent
          ? fail(`persistent (${seconds}s)`, 'Without "remember", set a browser-session cookie (no Max-Age, no Expires).')
          : pass('browser-session cookie');
      },
    },
    {
      id: 'session-signed-in',
      title: 'session with the cookie',
      expected: '200 {user:{name,email}}',
      required: true,
      run: async () => {
        if (!sessionCookie) return needs('a session cookie from login');
        const r = (sessionAnswer = await client.send('session'));
        const j = judge('session', r, baseUrl);
        return 'value' in j && j.value !== null
          ? pass(summarize(r))
          : fail(summarize(r), 'GET {endpoint}/session with the session cookie must answer 200 {"user": {"name", "email"}}.');
      },
    },
    {
      id: 'session-expires-at',
      title: 'expiresAt on login and session (issue 17)',
      expected: 'absent, or ISO 8601 with a zone, after the Date header',
      required: true,
      run: async () => {
        const answers = [login, sessionAnswer].filter((r): r is Exchange => r !== undefined && !r.error && r.status === 200);
        if (answers.length === 0) return needs('a successful login and session check');
        const sent = answers.filter((r) => typeof r.json === 'object' && r.json !== null && 'expiresAt' in r.json);
        if (sent.length === 0) return notApplicable('no expiresAt: the element shows no warning before the session ends');
        expiresAtSeen = true;
        const problems: string[] = [];
        const lefts: number[] = [];
        for (const r of sent) {
          const date = r.headers.get(DATE_HEADER);
          const raw = (r.json as { expiresAt: unknown }).expiresAt;
          // Read against the answer's own Date (arrival at 0): the seconds left on the server's clock.
          const left = readSessionEnd(r.json, date, 0);
          if (left === null) problems.push(`${r.call}: expiresAt ${JSON.stringify(raw)} is not ISO 8601 with a zone`);
          else if (date === null || Number.isNaN(Date.parse(date)))
            problems.push(`${r.call}: no readable Date header (the browser's clock would be used: skew counts)`);
          else if (left <= 0) problems.push(`${r.call}: expiresAt is not after the Date header`);
          else lefts.push(Math.round(left / 1000));
        }
        return problems.length === 0
          ? pass(`expiresAt ${lefts.map((s) => `${s}s`).join(', ')} ahead of Date`)
          : fail(
              problems.join('; '),
              `Send "expiresAt" as ISO 8601 with a zone (e.g. "2026-11-30T10:05:00Z"), later than the answer's Date header, and always send Date${crossSite ? ' (exposed with Access-Control-Expose-Headers)' : ''}.`,
            );
      },
    },
    {
      id: 'session-refresh',
      title: 'session/refresh with the cookie (issue 17)',
      expected: '200 {user} (with expiresAt when the session answer has one)',
      required: true,
      run: async () => {
        if (!sessionCookie || !signedIn()) return needs('a session cookie from login');
        const r = await client.send('session-refresh');
        const j = judge('session-refresh', r, baseUrl);
        if ('value' in j) {
          const ends = readSessionEnd(r.json, r.headers.get(DATE_HEADER), 0);
          if (expiresAtSeen && ends === null)
            return fail(`${summarize(r)} without expiresAt`, 'A refresh must say the new end: {"user", "expiresAt"}.');
          return pass(ends === null ? summarize(r) : `${summarize(r)}, ${Math.round(ends / 1000)}s left`);
        }
        if (!expiresAtSeen && (r.status === 404 || r.status === 405))
          return notApplicable(`${r.status}: no refresh (needed only with expiresAt)`);
        return fail(
          summarize(r) + csrfHint(r),
          'POST {endpoint}/session/refresh with the session cookie must continue the session: 200 {"user", "expiresAt"}.',
        );
      },
    },
    {
      id: 'login-remember',
      title: 'login (remember: true) → persistent cookie',
      expected: '200 + Max-Age > 0 or a future Expires',
      required: true,
      run: async () => {
        if (!signedIn()) return needs('a successful login');
        const r = await client.send('login', { body: { username: options.user, password: options.password, remember: true } });
        if (!('value' in judge('login', r, baseUrl)))
          return fail(summarize(r) + csrfHint(r), 'remember: true must sign in like remember: false.');
        rememberCookie = r.setCookies.find((c) => c.name === sessionCookie?.name) ?? r.setCookies[0];
        if (!rememberCookie) return fail(`${r.status}, no Set-Cookie`, 'With "remember", set a persistent session cookie (Max-Age).');
        const { persistent, seconds } = lifetime(rememberCookie);
        return persistent && seconds !== null && seconds > 0
          ? pass(`${rememberCookie.name}: persistent, ${seconds}s (${Math.round(seconds / 86400)} d)`)
          : fail(describeCookie(rememberCookie), 'With "remember", set a persistent session cookie (Max-Age > 0).');
      },
    },
    {
      id: 'passkey-options',
      title: 'passkey options',
      expected: `${CALLS['passkey-options'].success[0]} {challenge (base64url, ≥ 16 bytes), …}, or 404 (no passkeys)`,
      required: true,
      run: async () => {
        const r = await client.send('passkey-options', { cookies: '' });
        const j = judge('passkey-options', r, baseUrl);
        if ('value' in j && j.value === null) {
          passkeyOptions = null;
          return notApplicable(`no passkeys: ${summarize(r)} (the element shows none)`);
        }
        const challenge = 'value' in j && j.value ? j.value.challenge : '';
        if (challenge.length < 22) {
          return fail(
            summarize(r) + csrfHint(r),
            'POST {endpoint}/passkey/options must answer 200 with WebAuthn request options as JSON (a base64url "challenge" of at least 16 random bytes, as PublicKeyCredential.parseRequestOptionsFromJSON reads them), or 404 when the server has no passkeys.',
          );
        }
        passkeyOptions = 'value' in j ? j.value : null;
        return pass(summarize(r));
      },
    },
    {
      id: 'passkey-garbage',
      title: 'passkey sign-in with a garbage credential',
      expected: `${CALLS['passkey-verify'].rules[0]?.status} {error}, no session`,
      required: true,
      run: async () => {
        if (passkeyOptions === null) return notApplicable('no passkeys');
        if (!passkeyOptions) return needs('passkey options');
        // It answers the options' challenge, with an id no account has and a signature that is no signature.
        const clientDataJSON = base64url(
          new TextEncoder().encode(JSON.stringify({ type: 'webauthn.get', challenge: passkeyOptions.challenge, origin: pageOrigin })),
        );
        const credential = {
          id: 'Y29udHJhY3Qta2l0',
          rawId: 'Y29udHJhY3Qta2l0',
          type: 'public-key',
          clientExtensionResults: {},
          response: { clientDataJSON, authenticatorData: 'AAAA', signature: 'AAAA' },
        };
        const r = await client.send('passkey-verify', { body: { credential }, cookies: '' });
        const j = judge('passkey-verify', r, baseUrl);
        return 'code' in j && (j.code === 'unknown_credential' || j.code === 'invalid_credentials') && r.setCookies.length === 0
          ? pass(summarize(r))
          : fail(
              summarize(r) + csrfHint(r),
              'POST {endpoint}/passkey/verify must refuse a credential it cannot verify with 401 {"error": "unknown_credential"} (no account has it) or {"error": "invalid_credentials"}, and set no session.',
            );
      },
    },
    {
      id: 'passkey-register',
      title: 'register a passkey (signed in; a software authenticator)',
      expected: `register/options ${CALLS['passkey-register-options'].success[0]} {challenge, rp, user, …}; register ${statuses('passkey-register')}`,
      required: true,
      run: async () => {
        if (passkeyOptions === null) return notApplicable('no passkeys');
        if (!sessionCookie) return needs('a session cookie from login');
        const o = await client.send('passkey-register-options');
        const j = judge('passkey-register-options', o, baseUrl);
        if (!('value' in j) || !j.value) {
          return fail(
            summarize(o) + csrfHint(o),
            'POST {endpoint}/passkey/register/options (signed in) must answer 200 with WebAuthn creation options as JSON.',
          );
        }
        const r = await client.send('passkey-register', { body: { credential: await authenticator.create(j.value) } });
        if (!('value' in judge('passkey-register', r, baseUrl))) {
          return fail(
            `${summarize(o)}; ${summarize(r)}`,
            `POST {endpoint}/passkey/register {credential} must accept a "none" attestation for the signed-in resident with ${statuses('passkey-register')} (the origin the kit signs is ${pageOrigin}: pass --origin with the page's origin).`,
          );
        }
        passkeyRegistered = true;
        return pass(`${o.status}; ${summarize(r)}`);
      },
    },
    {
      id: 'passkey-sign-in',
      title: 'sign in with that passkey',
      expected: `${CALLS['passkey-verify'].success[0]} {user} and a session cookie`,
      required: true,
      run: async () => {
        if (passkeyOptions === null) return notApplicable('no passkeys');
        if (!passkeyRegistered) return needs('a registered passkey');
        const o = await client.send('passkey-options', { cookies: '' });
        const j = judge('passkey-options', o, baseUrl);
        if (!('value' in j) || !j.value) return fail(summarize(o), 'passkey/options must answer as it did before.');
        if (j.value.challenge === passkeyOptions?.challenge)
          return fail('the same challenge twice', 'Each options answer must carry a fresh random challenge.');
        assertion = await authenticator.get(j.value);
        const r = await client.send('passkey-verify', { body: { credential: assertion }, cookies: '' });
        return 'value' in judge('passkey-verify', r, baseUrl) && r.setCookies.length > 0
          ? pass(summarize(r))
          : fail(
              summarize(r),
              'POST {endpoint}/passkey/verify {credential} must answer 200 {"user"} with a session cookie for a valid assertion of a registered passkey.',
            );
      },
    },
    {
      id: 'passkey-challenge-single-use',
      title: 'the same assertion again (a replay)',
      expected: `${CALLS['passkey-verify'].rules[1]?.status} {error}, no session`,
      required: true,
      run: async () => {
        if (passkeyOptions === null) return notApplicable('no passkeys');
        if (!assertion) return needs('a passkey sign-in');
        const r = await client.send('passkey-verify', { body: { credential: assertion }, cookies: '' });
        const j = judge('passkey-verify', r, baseUrl);
        return 'code' in j && r.setCookies.length === 0
          ? pass(summarize(r))
          : fail(
              summarize(r),
              'A challenge must work once: a replayed assertion must be refused with 401 {"error": "invalid_credentials"} and set no session.',
            );
      },
    },
    {
      id: 'logout',
      title: 'logout',
      expected: statuses('logout'),
      required: true,
      run: async () => {
        if (!signedIn()) return needs('a successful login');
        const r = (logout = await client.send('logout'));
        const j = judge('logout', r, baseUrl);
        if ('value' in j) {
          const clears = r.setCookies.length ? `, clears ${r.setCookies.map((c) => c.name).join(', ')}` : '';
          return pass(
            `${summarize(r)}${clears}${j.value.redirect ? ` (single logout: continues at ${new URL(j.value.redirect).origin})` : ''}`,
          );
        }
        const redirect = typeof r.json === 'object' && r.json !== null && 'redirect' in r.json;
        return fail(
          summarize(r) + csrfHint(r),
          redirect && j.code === 'bad_response'
            ? 'Single logout: "redirect" must be an http(s) URL (the identity provider\'s logout page).'
            : 'POST {endpoint}/logout with the session cookie must answer 204.',
        );
      },
    },
    {
      id: 'session-after-logout',
      title: 'session after logout',
      expected: '401',
      required: true,
      run: async () => {
        if (!loggedOut()) return needs('a successful logout');
        const r = await client.send('session');
        const j = judge('session', r, baseUrl);
        return 'value' in j && j.value === null
          ? pass(summarize(r))
          : fail(summarize(r), 'After logout the session must be over: clear the cookie (Max-Age=0) and end the session on the server.');
      },
    },
    {
      id: 'session-replay-after-logout',
      title: 'the old cookie, replayed after logout',
      expected: '401 (ended on the server)',
      required: 'advisory',
      run: async () => {
        if (!loggedOut()) return needs('a successful logout');
        const old = rememberCookie ?? sessionCookie;
        if (!old) return needs('a session cookie');
        const r = await client.send('session', { cookies: `${old.name}=${old.value}` });
        const j = judge('session', r, baseUrl);
        return 'value' in j && j.value === null
          ? pass(summarize(r))
          : fail(
              `${summarize(r)}: the session outlives logout`,
              'Invalidate the session on the server at logout, not only the cookie in the browser.',
            );
      },
    },
    {
      id: 'password-reset',
      title: 'password reset',
      expected: statuses('password-reset'),
      required: options.resetEmail !== undefined,
      run: async () => {
        if (!options.resetEmail) return needs('--reset-email (a mailbox you own)');
        const r = await client.send('password-reset', { body: { email: options.resetEmail } });
        return 'value' in judge('password-reset', r, baseUrl)
          ? pass(summarize(r))
          : fail(summarize(r) + csrfHint(r), 'POST {endpoint}/password-reset {email} must answer 202 (the same for every address).');
      },
    },
    {
      id: 'locked',
      title: 'login to a locked account',
      expected: '423 {error}',
      required: options.locked !== undefined,
      run: async () => {
        if (!options.locked) return needs('--locked <identifier>');
        const r = await client.send('login', { body: { username: options.locked, password: wrongPassword, remember: false }, cookies: '' });
        const j = judge('login', r, baseUrl);
        return 'code' in j && j.code === 'locked' && hasErrorBody(r.json)
          ? pass(summarize(r))
          : fail(summarize(r) + csrfHint(r), 'A locked account must answer 423 {"error": "locked"}.');
      },
    },
    {
      id: 'csrf-accepted',
      title: 'POSTs with X-CSRF-Token accepted',
      expected: 'no 403 on POSTs carrying the token',
      required: options.csrfToken !== undefined,
      run: async () => {
        if (!options.csrfToken) return needs('--csrf-token');
        const posts = client.exchanges.filter((r) => r.method === 'POST' && !r.error);
        if (posts.length === 0) return needs('a POST');
        const rejected = posts.filter((r) => r.status === 403);
        return rejected.length === 0
          ? pass(`${posts.length} POSTs, none rejected`)
          : fail(
              `403 on ${rejected.map((r) => r.call).join(', ')}`,
              'Accept the X-CSRF-Token the page provides (header allowed, token valid).',
            );
      },
    },
    {
      id: 'csrf-missing',
      title: 'POST without X-CSRF-Token',
      expected: 'rejected (403)',
      required: 'advisory',
      run: async () => {
        if (!options.csrfToken) {
          const posts = client.exchanges.filter((r) => r.method === 'POST' && !r.error);
          if (posts.length === 0) return needs('a POST');
          const accepted = posts.filter((r) => r.status !== 403);
          return accepted.length === 0
            ? pass('403 on every POST without a token (pass --csrf-token to test with one)')
            : fail(
                `${accepted.length} POSTs without a token were answered (${[...new Set(accepted.map((r) => r.call))].join(', ')})`,
                'Reject POSTs that lack the CSRF token (or say how the server protects against CSRF).',
              );
        }
        const r = await client.send('identify', { body: { username: unknownIdentifier }, csrf: false });
        return r.status === 403 || (r.status >= 400 && r.status < 500 && r.status !== 404)
          ? pass(summarize(r))
          : fail(`${summarize(r)}: accepted without a token`, 'Reject POSTs that lack the CSRF token.');
      },
    },
    {
      id: 'cors-preflight',
      title: 'CORS preflight (OPTIONS login)',
      expected: `2xx, Allow-Origin ${options.origin ?? '<origin>'}, Allow-Credentials true, Allow-Headers ${CORS.allowHeaders.join(', ')}`,
      required: options.origin !== undefined,
      run: async () => {
        if (!options.origin) return needs('--origin <page origin>');
        const r = await client.send('login', {
          method: 'OPTIONS',
          cookies: '',
          headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': CORS.allowHeaders.join(',').toLowerCase() },
        });
        if (r.error) return fail(r.error, 'Answer the OPTIONS preflight on the API paths.');
        const problems: string[] = [];
        const allowOrigin = r.headers.get('access-control-allow-origin');
        if (r.status < 200 || r.status > 299) problems.push(`status ${r.status}`);
        if (allowOrigin !== options.origin) {
          problems.push(
            `Allow-Origin ${allowOrigin === null ? 'missing' : JSON.stringify(allowOrigin)}${allowOrigin === '*' ? ' (* is refused with credentials)' : ''}`,
          );
        }
        if (r.headers.get('access-control-allow-credentials') !== 'true') problems.push('Allow-Credentials not true');
        const allowed = headerList(r.headers.get('access-control-allow-headers'));
        const missing = CORS.allowHeaders.map((h) => h.toLowerCase()).filter((h) => !allowed.includes(h));
        if (missing.length)
          problems.push(`Allow-Headers lacks ${missing.join(', ')}${allowed.includes('*') ? ' (* does not count with credentials)' : ''}`);
        const methods = headerList(r.headers.get('access-control-allow-methods'));
        if (methods.length && !methods.includes('post')) problems.push('Allow-Methods lacks POST');
        const note = headerList(r.headers.get('vary')).includes('origin') ? '' : ' (no Vary: Origin)';
        return problems.length === 0
          ? pass(`${r.status}, Allow-Origin ${allowOrigin}, credentials, headers ok${note}`)
          : fail(
              problems.join('; '),
              `On OPTIONS: Access-Control-Allow-Origin: <the page origin>, Allow-Credentials: true, Allow-Headers: ${CORS.allowHeaders.join(', ')}, Allow-Methods: ${CORS.allowMethods.join(', ')}.`,
            );
      },
    },
    {
      id: 'cors-responses',
      title: 'CORS on API responses',
      expected: `Allow-Origin ${options.origin ?? '<origin>'}, Allow-Credentials true, Expose-Headers ${CORS.exposeHeaders.join(', ')}`,
      required: options.origin !== undefined,
      run: async () => {
        if (!options.origin) return needs('--origin <page origin>');
        const answered = client.exchanges.filter((r) => !r.error && r.method !== 'OPTIONS');
        if (answered.length === 0) return needs('an answered request');
        const problems = new Set<string>();
        for (const r of answered) {
          const allowOrigin = r.headers.get('access-control-allow-origin');
          if (allowOrigin !== options.origin)
            problems.add(`${r.call}: Allow-Origin ${allowOrigin === null ? 'missing' : JSON.stringify(allowOrigin)}`);
          if (r.headers.get('access-control-allow-credentials') !== 'true') problems.add(`${r.call}: Allow-Credentials not true`);
        }
        const logins = answered.filter((r) => r.call === 'login');
        if (
          logins.length > 0 &&
          !logins.every((r) => headerList(r.headers.get('access-control-expose-headers')).includes(RETRY_AFTER_HEADER.toLowerCase()))
        ) {
          problems.add(`login: ${RETRY_AFTER_HEADER} not in Expose-Headers`);
        }
        return problems.size === 0
          ? pass(`${answered.length} responses: Allow-Origin ${options.origin}, credentials, ${RETRY_AFTER_HEADER} exposed`)
          : fail(
              [...problems].slice(0, 4).join('; '),
              `Every API response: Access-Control-Allow-Origin: <the page origin> (never *), Access-Control-Allow-Credentials: true, Access-Control-Expose-Headers: ${CORS.exposeHeaders.join(', ')}.`,
            );
      },
    },
    {
      id: 'retry-after',
      title: 'Retry-After on 429',
      expected: 'seconds or an HTTP date',
      required: true,
      run: async () => {
        const limited = client.exchanges.filter((r) => r.status === 429);
        if (limited.length === 0) return notApplicable('not provoked (the kit does not hammer the server)');
        const bad = limited.filter((r) => readRetryAfter(r.headers.get(RETRY_AFTER_HEADER)) === null);
        return bad.length === 0
          ? pass(`429 on ${limited.map((r) => r.call).join(', ')}: ${RETRY_AFTER_HEADER} ${limited[0]!.headers.get(RETRY_AFTER_HEADER)}`)
          : fail(
              `429 on ${bad.map((r) => r.call).join(', ')} with ${RETRY_AFTER_HEADER} ${JSON.stringify(bad[0]!.headers.get(RETRY_AFTER_HEADER))}`,
              'A 429 must carry Retry-After as delay-seconds ("30") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"); the element waits 30 s otherwise.',
            );
      },
    },
    {
      id: 'reset-link-unknown',
      title: 'set a new password with an unknown reset link',
      expected: `verify and complete: ${CALLS['password-reset-verify'].rules[0]?.status} {error:"invalid_token"}, or 404 (not offered)`,
      required: true,
      run: async () => {
        const token = `contract-kit-unknown-${options.nonce}`;
        const verify = await client.send('password-reset-verify', { body: { token } });
        if (verify.status === 404) return notApplicable(`not offered: ${summarize(verify)} (the element then cannot finish a reset link)`);
        const complete = await client.send('password-reset-complete', { body: { token, password: wrongPassword }, cookies: '' });
        const codes = [judge('password-reset-verify', verify, baseUrl), judge('password-reset-complete', complete, baseUrl)].map((j) =>
          'code' in j ? j.code : 'accepted',
        );
        return codes.every((code) => code === 'invalid_token')
          ? pass(`${summarize(verify)}; ${summarize(complete)}`)
          : fail(
              `verify: ${summarize(verify)}; complete: ${summarize(complete)}`,
              'POST {endpoint}/password-reset/verify {token} and /complete {token, password} must answer 400 {"error": "invalid_token"} for a token the server never issued (410 {"error": "expired_token"} for an expired one), and never accept it.',
            );
      },
    },
    {
      id: 'no-redirect',
      title: 'no answer is a redirect',
      expected: 'no 3xx (the element never follows one)',
      required: true,
      run: async () => {
        const answered = client.exchanges.filter((r) => !r.error);
        if (answered.length === 0) return needs('an answered request');
        const redirects = answered.filter((r) => isRedirect(r));
        return redirects.length === 0
          ? pass(`${answered.length} answers, none a redirect`)
          : fail(
              `${redirects.map((r) => `${r.call} ${r.status}`).join(', ')} (${summarize(redirects[0]!)})`,
              'Answer every call of the contract directly: the element treats a redirect as a failure and never follows it (it would re-send the password elsewhere).',
            );
      },
    },
  ];
}

/** Runs every scenario in order and reports. Sends at most `maxRequests` requests, to one origin. */
export async function runContract(options: KitOptions): Promise<ContractReport> {
  const client = new KitClient(options);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios(options, client)) {
    let outcome: Outcome;
    try {
      outcome = await scenario.run();
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) throw error;
      outcome = { verdict: 'skip', got: `not run: --max-requests ${options.maxRequests} reached` };
    }
    const advisory = scenario.required === 'advisory';
    let verdict: Verdict = outcome.verdict === 'n/a' ? 'skip' : outcome.verdict;
    if (verdict === 'fail' && scenario.required !== true) verdict = 'warn';
    const result: ScenarioResult = {
      id: scenario.id,
      title: scenario.title,
      expected: scenario.expected,
      got: outcome.got,
      verdict,
      required: scenario.required === true && outcome.verdict !== 'n/a',
      advisory,
      ...(outcome.hint && (verdict === 'fail' || verdict === 'warn') ? { hint: outcome.hint } : {}),
    };
    results.push(result);
  }
  const failedRequired = results.filter((r) => r.required && r.verdict !== 'pass');
  return {
    endpoint: options.endpoint.href,
    results,
    summary: {
      passed: results.filter((r) => r.verdict === 'pass').length,
      failed: results.filter((r) => r.verdict === 'fail').length,
      warnings: results.filter((r) => r.verdict === 'warn').length,
      skipped: results.filter((r) => r.verdict === 'skip').length,
      requests: client.requests,
      maxRequests: options.maxRequests,
      budgetReached: client.budgetReached,
      ok: failedRequired.length === 0,
      failedRequired: failedRequired.map((r) => r.id),
    },
  };
}
