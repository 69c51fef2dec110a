/**
 * The real HttpAuthClient against msw in the browser (one worker for the file),
 * plus the mock backend's demo accounts, through msw and directly.
 */
import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse, type DefaultBodyType, type HttpResponseResolver } from 'msw';
import { setupWorker } from 'msw/browser';
import { AuthError, isAbort, type AuthClient } from '../../src/auth/auth-client.js';
import { clampTimeout, DEFAULT_TIMEOUT_MS, HttpAuthClient, type HttpAuthClientOptions } from '../../src/auth/http-auth-client.js';
import {
  DEMO_PASSWORD,
  EXPIRED_RESET_TOKEN,
  MockAuthBackend,
  REMEMBER_SECONDS,
  SESSION_COOKIE,
  type MockRequest,
  type MockResponse,
} from '../../mock/backend.js';
import { createHandlers } from '../../mock/msw.js';
import { CALL_NAMES, CALLS as CONTRACT, SHARED_RULES, type CallName } from '../../src/contract/contract.js';
import { ERKKI_ACCOUNT, VIRVE_ACCOUNT } from '../fixtures/accounts.js';

const ENDPOINT = '/test-auth';
const ERKKI = ERKKI_ACCOUNT.identifier;
const VIRVE = VIRVE_ACCOUNT.identifier;

const worker = setupWorker();

before(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
});

after(() => {
  worker.stop();
});

afterEach(() => {
  worker.resetHandlers();
  clearSessionCookie();
});

function clearSessionCookie(): void {
  document.cookie = `${SESSION_COOKIE}=; Max-Age=0; Path=/`;
}

/**
 * The client as a page gets it (the default 15 s timeout): a test that is not about the
 * timeout must not fail because a busy machine answers slowly; mocha's timeout catches a hang.
 */
function client(options: Partial<HttpAuthClientOptions> = {}): HttpAuthClient {
  return new HttpAuthClient({ endpoint: ENDPOINT, ...options });
}

/** A `fetch` for the client that counts the calls it makes, when it makes them (no waiting). */
function countingFetch(inner: typeof fetch = (input, init) => fetch(input, init)): { calls: { count: number }; fetch: typeof fetch } {
  const calls = { count: 0 };
  return {
    calls,
    fetch: (input, init) => {
      calls.count += 1;
      return inner(input, init);
    },
  };
}

/** A server that never answers: a fetch that only ends when its signal aborts, as fetch does. */
const neverAnswers: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/** A promise that resolves the first time `arrived` is called. */
function arrival(): { arrived: () => void; reached: Promise<void> } {
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  return { arrived, reached };
}

function signal(): AbortSignal {
  return new AbortController().signal;
}

/** Every call of the client, with what it sends. */
interface CallCase {
  readonly name: string;
  readonly call: CallName;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body: unknown;
  readonly run: (c: AuthClient, s: AbortSignal) => Promise<unknown>;
}

/** The contract's calls (method and path from `src/contract/contract.ts`), with what each sends. */
const CALLS: readonly CallCase[] = (
  [
    { name: 'session', call: 'session', body: undefined, run: (c, s) => c.session(s) },
    { name: 'refreshSession', call: 'session-refresh', body: undefined, run: (c, s) => c.refreshSession!(s) },
    { name: 'identify', call: 'identify', body: { username: ERKKI }, run: (c, s) => c.identify(ERKKI, s) },
    {
      name: 'signIn',
      call: 'login',
      body: { username: ERKKI, password: DEMO_PASSWORD, remember: true },
      run: (c, s) => c.signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: true }, s),
    },
    { name: 'signOut', call: 'logout', body: undefined, run: (c, s) => c.signOut(s) },
    { name: 'requestPasswordReset', call: 'password-reset', body: { email: ERKKI }, run: (c, s) => c.requestPasswordReset(ERKKI, s) },
    {
      name: 'verifyPasswordReset',
      call: 'password-reset-verify',
      body: { token: 'the-token' },
      run: (c, s) => c.verifyPasswordReset!('the-token', s),
    },
    {
      name: 'completePasswordReset',
      call: 'password-reset-complete',
      body: { token: 'the-token', password: 'Uusi-Salasana-1' },
      run: (c, s) => c.completePasswordReset!('the-token', 'Uusi-Salasana-1', s),
    },
    { name: 'passkeyOptions', call: 'passkey-options', body: undefined, run: (c, s) => c.passkeyOptions!(s) },
    {
      name: 'passkeySignIn',
      call: 'passkey-verify',
      body: { credential: { id: 'cred-1' } },
      run: (c, s) => c.passkeySignIn!({ id: 'cred-1' }, s),
    },
    {
      name: 'passkeyRegistrationOptions',
      call: 'passkey-register-options',
      body: undefined,
      run: (c, s) => c.passkeyRegistrationOptions!(s),
    },
    {
      name: 'registerPasskey',
      call: 'passkey-register',
      body: { credential: { id: 'cred-1' } },
      run: (c, s) => c.registerPasskey!({ id: 'cred-1' }, s),
    },
  ] satisfies Array<Omit<CallCase, 'method' | 'path'>>
).map((c) => ({ ...c, method: CONTRACT[c.call].method, path: CONTRACT[c.call].path }));

/** Answers one path below the endpoint (any method) and counts the requests. */
function answer(path: string, resolver: HttpResponseResolver<never, DefaultBodyType, undefined>, endpoint = ENDPOINT): { count: number } {
  const counter = { count: 0 };
  worker.use(
    http.all(`${endpoint}${path}`, (info) => {
      counter.count += 1;
      return resolver(info as never);
    }),
  );
  return counter;
}

/** The AuthError a promise rejects with (fails the test if it resolves or rejects otherwise). */
async function failure(promise: Promise<unknown>): Promise<AuthError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    if (!(error instanceof AuthError)) {
      throw new Error(`expected an AuthError, got ${String(error)}`, { cause: error });
    }
    return error;
  }
  throw new Error(`expected a rejection, resolved with ${JSON.stringify(value)}`);
}

/** What the rejection was (any value), or fails when the promise resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

interface Captured {
  method: string;
  pathname: string;
  headers: Headers;
  credentials: RequestCredentials;
  text: string;
}

/** Answers `path` with `response` and records the request. */
function capture(path: string, response: () => Response): Captured[] {
  const seen: Captured[] = [];
  worker.use(
    http.all(`${ENDPOINT}${path}`, async ({ request }) => {
      seen.push({
        method: request.method,
        pathname: new URL(request.url).pathname,
        headers: request.headers,
        credentials: request.credentials,
        text: await request.text(),
      });
      return response();
    }),
  );
  return seen;
}

/** A good answer for each call, so the shape tests see a success. */
function okFor(path: string): () => Response {
  switch (path) {
    case '/session':
    case '/session/refresh':
    case '/login':
      return () => HttpResponse.json({ user: { name: 'Erkki Esimerkki', email: ERKKI } });
    case '/identify':
      return () => HttpResponse.json({ next: 'password' });
    case '/logout':
      return () => new HttpResponse(null, { status: 204 });
    case '/password-reset/verify':
      return () => HttpResponse.json({ username: ERKKI, policy: { minLength: 10 } });
    case '/password-reset/complete':
    case '/passkey/verify':
      return () => HttpResponse.json({ user: { name: 'Erkki Esimerkki', email: ERKKI } });
    case '/passkey/options':
    case '/passkey/register/options':
      return () => HttpResponse.json({ challenge: 'Y2hhbGxlbmdlLTE', rpId: 'localhost' });
    case '/passkey/register':
      return () => new HttpResponse(null, { status: 201 });
    default:
      return () => new HttpResponse(null, { status: 202 });
  }
}

describe('HttpAuthClient: request shape', () => {
  for (const c of CALLS) {
    it(`should send ${c.name} as ${c.method} ${ENDPOINT}${c.path} with the contract's headers and body`, async () => {
      const seen = capture(c.path, okFor(c.path));
      await c.run(client({ language: () => 'sv', csrfToken: () => 'tok-123' }), signal());
      expect(seen.length).to.equal(1);
      const request = seen[0]!;
      expect(request.method).to.equal(c.method);
      expect(request.pathname).to.equal(`${ENDPOINT}${c.path}`);
      expect(request.headers.get('Accept')).to.equal('application/json');
      expect(request.headers.get('Accept-Language')).to.equal('sv');
      expect(request.credentials).to.equal('include');
      if (c.method === 'POST') {
        expect(request.headers.get('X-CSRF-Token')).to.equal('tok-123');
      } else {
        expect(request.headers.get('X-CSRF-Token')).to.equal(null);
      }
      if (c.body === undefined) {
        expect(request.text).to.equal('');
        expect(request.headers.get('Content-Type')).to.equal(null);
      } else {
        expect(request.text).to.equal(JSON.stringify(c.body));
        expect(request.headers.get('Content-Type')).to.equal('application/json');
      }
    });
  }

  for (const c of CALLS) {
    it(`should pass credentials 'include', no-store and a signal to fetch for ${c.name}`, async () => {
      const inits: RequestInit[] = [];
      const urls: string[] = [];
      const fakeFetch: typeof fetch = async (input, init) => {
        urls.push(String(input));
        inits.push(init ?? {});
        return okFor(c.path)();
      };
      await c.run(client({ fetch: fakeFetch }), signal());
      expect(inits.length).to.equal(1);
      expect(urls[0]).to.equal(`${ENDPOINT}${c.path}`);
      expect(inits[0]!.credentials).to.equal('include');
      expect(inits[0]!.cache).to.equal('no-store');
      expect(inits[0]!.method).to.equal(c.method);
      expect(inits[0]!.signal instanceof AbortSignal).to.equal(true);
    });
  }

  const endpoints: ReadonlyArray<readonly [string, string]> = [
    ['/test-auth', '/test-auth/session'],
    ['/test-auth/', '/test-auth/session'],
    ['/test-auth///', '/test-auth/session'],
    [`${location.origin}/test-auth/`, '/test-auth/session'],
  ];
  for (const [endpoint, pathname] of endpoints) {
    it(`should call ${pathname} for the endpoint "${endpoint}"`, async () => {
      const urls: string[] = [];
      const fakeFetch: typeof fetch = async (input) => {
        urls.push(String(input));
        return new HttpResponse(null, { status: 401 });
      };
      await client({ endpoint, fetch: fakeFetch }).session(signal());
      expect(new URL(urls[0]!, location.href).pathname).to.equal(pathname);
      expect(urls[0]!.includes('//session')).to.equal(false);
    });
  }

  it('should reach msw through an endpoint with a trailing slash', async () => {
    const seen = capture('/session', () => new HttpResponse(null, { status: 401 }));
    expect(await client({ endpoint: `${ENDPOINT}/` }).session(signal())).to.equal(null);
    expect(seen.length).to.equal(1);
    expect(seen[0]!.pathname).to.equal(`${ENDPOINT}/session`);
  });

  it('should send the password exactly as typed', async () => {
    const seen = capture('/login', okFor('/login'));
    await client().signIn({ username: ERKKI, password: '  pass word\t', remember: false }, signal());
    const body = JSON.parse(seen[0]!.text) as { password: string; remember: boolean };
    expect(body.password).to.equal('  pass word\t');
    expect(body.remember).to.equal(false);
  });

  it('should read the CSRF token and the language at each call', async () => {
    const seen = capture('/identify', okFor('/identify'));
    let token: string | null = 'first';
    let language = 'fi';
    const c = client({ csrfToken: () => token, language: () => language });
    await c.identify('a', signal());
    token = 'second';
    language = 'en';
    await c.identify('b', signal());
    token = null;
    await c.identify('c', signal());
    expect(seen.map((r) => r.headers.get('X-CSRF-Token')).join(',')).to.equal('first,second,');
    expect(seen.map((r) => r.headers.get('Accept-Language')).join(',')).to.equal('fi,en,en');
  });

  for (const token of [null, undefined, ''] as const) {
    it(`should send no X-CSRF-Token when the token is ${JSON.stringify(token)}`, async () => {
      const seen = capture('/logout', okFor('/logout'));
      await client({ csrfToken: () => token }).signOut(signal());
      expect(seen[0]!.headers.has('X-CSRF-Token')).to.equal(false);
    });
  }

  it('should send no X-CSRF-Token without the option', async () => {
    const seen = capture('/password-reset', okFor('/password-reset'));
    await client().requestPasswordReset(ERKKI, signal());
    expect(seen[0]!.headers.has('X-CSRF-Token')).to.equal(false);
  });
});

describe('HttpAuthClient: session', () => {
  it('should give the user on 200, ignoring extra fields', async () => {
    answer('/session', () => HttpResponse.json({ user: { name: 'Erkki Esimerkki', email: ERKKI, id: 7, admin: true } }));
    const user = await client().session(signal());
    expect(user?.name).to.equal('Erkki Esimerkki');
    expect(user?.email).to.equal(ERKKI);
    expect(user === null ? '' : Object.keys(user).sort().join(',')).to.equal('email,name');
  });

  it('should give null on 401 (signed out)', async () => {
    answer('/session', () => HttpResponse.json({ error: 'unauthenticated' }, { status: 401 }));
    expect(await client().session(signal())).to.equal(null);
  });

  it('should give null on 401 with no body', async () => {
    answer('/session', () => new HttpResponse(null, { status: 401 }));
    expect(await client().session(signal())).to.equal(null);
  });

  const bad: ReadonlyArray<readonly [string, () => Response, string]> = [
    ['200 without a user', () => HttpResponse.json({ ok: true }), 'bad_response'],
    ['200 with HTML', () => HttpResponse.html('<h1>Hotel Wi-Fi</h1>'), 'bad_response'],
    ['200 empty', () => new HttpResponse(null, { status: 200 }), 'bad_response'],
    ['204', () => new HttpResponse(null, { status: 204 }), 'bad_response'],
    ['403', () => HttpResponse.json({ error: 'forbidden' }, { status: 403 }), 'server'],
    ['404', () => HttpResponse.json({ error: 'not_found' }, { status: 404 }), 'server'],
    ['500', () => HttpResponse.json({ error: 'internal_error' }, { status: 500 }), 'server'],
    ['503', () => new HttpResponse('Service Unavailable', { status: 503 }), 'server'],
  ];
  for (const [name, response, code] of bad) {
    it(`should fail with ${code} on ${name}`, async () => {
      answer('/session', response);
      expect((await failure(client().session(signal()))).code).to.equal(code);
    });
  }
});

describe('HttpAuthClient: identify', () => {
  it('should answer password', async () => {
    answer('/identify', () => HttpResponse.json({ next: 'password' }));
    expect((await client().identify(ERKKI, signal())).next).to.equal('password');
  });

  const redirects: ReadonlyArray<readonly [string, string]> = [
    ['https://sso.espoo.fi/start?x=1', 'https://sso.espoo.fi/start?x=1'],
    ['/sso-demo', `${location.origin}/sso-demo`],
    ['sso', `${location.origin}${ENDPOINT}/sso`],
    ['../elsewhere', `${location.origin}/elsewhere`],
  ];
  for (const [url, expected] of redirects) {
    it(`should resolve the redirect ${JSON.stringify(url)} against the endpoint to ${expected}`, async () => {
      answer('/identify', () => HttpResponse.json({ next: 'redirect', url }));
      const result = await client().identify('sso@espoo.fi', signal());
      expect(result.next).to.equal('redirect');
      expect(result.next === 'redirect' ? result.url : '').to.equal(expected);
    });
  }

  it('should resolve a relative redirect against an absolute endpoint on another origin', async () => {
    const fakeFetch: typeof fetch = async () => HttpResponse.json({ next: 'redirect', url: '/start' });
    const result = await client({ endpoint: 'https://auth.example.fi/v1/', fetch: fakeFetch }).identify('x', signal());
    expect(result.next === 'redirect' ? result.url : '').to.equal('https://auth.example.fi/start');
  });

  it('should go to the password step on 404 (no identify step)', async () => {
    answer('/identify', () => HttpResponse.json({ error: 'not_found' }, { status: 404 }));
    expect((await client().identify(ERKKI, signal())).next).to.equal('password');
  });

  it('should go to the password step on 404 with an HTML body', async () => {
    answer('/identify', () => HttpResponse.html('<h1>Not Found</h1>', { status: 404 }));
    expect((await client().identify(ERKKI, signal())).next).to.equal('password');
  });

  const bad: ReadonlyArray<readonly [string, () => Response, string]> = [
    ['an unknown next', () => HttpResponse.json({ next: 'otp' }), 'bad_response'],
    ['a redirect without url', () => HttpResponse.json({ next: 'redirect' }), 'bad_response'],
    ['a javascript: redirect', () => HttpResponse.json({ next: 'redirect', url: 'javascript:alert(1)' }), 'bad_response'],
    ['a data: redirect', () => HttpResponse.json({ next: 'redirect', url: 'data:text/html,x' }), 'bad_response'],
    ['garbage text', () => HttpResponse.text('password'), 'bad_response'],
    ['HTML', () => HttpResponse.html('<!doctype html><p>Wi-Fi'), 'bad_response'],
    ['an empty 200', () => new HttpResponse(null, { status: 200 }), 'bad_response'],
    ['400', () => HttpResponse.json({ error: 'bad_request' }, { status: 400 }), 'server'],
    ['500', () => HttpResponse.json({ error: 'internal_error' }, { status: 500 }), 'server'],
  ];
  for (const [name, response, code] of bad) {
    it(`should fail with ${code} on ${name}`, async () => {
      answer('/identify', response);
      expect((await failure(client().identify(ERKKI, signal()))).code).to.equal(code);
    });
  }

  it('should fail with rate_limited and the wait on 429', async () => {
    answer('/identify', () => HttpResponse.json({ error: 'rate_limited' }, { status: 429, headers: { 'Retry-After': '9' } }));
    const error = await failure(client().identify(ERKKI, signal()));
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfterSeconds).to.equal(9);
  });
});

describe('HttpAuthClient: signIn', () => {
  const credentials = { username: ERKKI, password: DEMO_PASSWORD, remember: false };

  it('should give the user on 200', async () => {
    answer('/login', () => HttpResponse.json({ user: { name: 'Erkki Esimerkki', email: ERKKI } }));
    const user = await client().signIn(credentials, signal());
    expect(user.name).to.equal('Erkki Esimerkki');
    expect(user.email).to.equal(ERKKI);
  });

  const invalid: ReadonlyArray<readonly [string, () => Response]> = [
    ['the contract body', () => HttpResponse.json({ error: 'invalid_credentials' }, { status: 401 })],
    ['no body', () => new HttpResponse(null, { status: 401 })],
    ['an HTML body', () => HttpResponse.html('<h1>Unauthorized</h1>', { status: 401 })],
    ['another error code', () => HttpResponse.json({ error: 'locked' }, { status: 401 })],
    ['a truncated body', () => new HttpResponse('{"error":"inv', { status: 401 })],
  ];
  for (const [name, response] of invalid) {
    it(`should fail with invalid_credentials on 401 with ${name}`, async () => {
      answer('/login', response);
      expect((await failure(client().signIn(credentials, signal()))).code).to.equal('invalid_credentials');
    });
  }

  it('should fail with locked on 423', async () => {
    answer('/login', () => HttpResponse.json({ error: 'locked' }, { status: 423 }));
    const error = await failure(client().signIn(credentials, signal()));
    expect(error.code).to.equal('locked');
    expect(error.retryAfterSeconds).to.equal(undefined);
  });

  const limits: ReadonlyArray<readonly [string, Record<string, string>, number, number]> = [
    ['Retry-After in seconds', { 'Retry-After': '30' }, 30, 30],
    ['Retry-After of 120 seconds', { 'Retry-After': '120' }, 120, 120],
    ['Retry-After of 0 seconds', { 'Retry-After': '0' }, 1, 1],
    ['a huge Retry-After', { 'Retry-After': '999999999' }, 86_400, 86_400],
    ['no Retry-After', {}, 30, 30],
    ['an unreadable Retry-After', { 'Retry-After': 'soon' }, 30, 30],
  ];
  for (const [name, headers, min, max] of limits) {
    it(`should fail with rate_limited on 429 with ${name}`, async () => {
      answer('/login', () => HttpResponse.json({ error: 'rate_limited' }, { status: 429, headers }));
      const error = await failure(client().signIn(credentials, signal()));
      expect(error.code).to.equal('rate_limited');
      expect(error.retryAfterSeconds).to.be.within(min, max);
    });
  }

  it('should read a Retry-After HTTP date as the seconds until then', async () => {
    answer('/login', () => {
      const at = new Date(Date.now() + 90_000).toUTCString();
      return HttpResponse.json({ error: 'rate_limited' }, { status: 429, headers: { 'Retry-After': at } });
    });
    const error = await failure(client().signIn(credentials, signal()));
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfterSeconds).to.be.within(85, 91);
  });

  const failures: ReadonlyArray<readonly [string, () => Response, string]> = [
    ['500', () => HttpResponse.json({ error: 'internal_error' }, { status: 500 }), 'server'],
    ['502', () => HttpResponse.json({ error: 'bad_gateway' }, { status: 502 }), 'server'],
    ['503', () => HttpResponse.json({ error: 'unavailable' }, { status: 503, headers: { 'Retry-After': '120' } }), 'server'],
    ['418', () => HttpResponse.text("I'm a teapot", { status: 418 }), 'server'],
    ['400', () => HttpResponse.json({ error: 'bad_request' }, { status: 400 }), 'server'],
    ['403 (CSRF refused)', () => HttpResponse.json({ error: 'csrf' }, { status: 403 }), 'server'],
    ['404', () => HttpResponse.json({ error: 'not_found' }, { status: 404 }), 'server'],
    ['200 with HTML', () => HttpResponse.html('<!doctype html><title>Wi-Fi</title><h1>Log in</h1>'), 'bad_response'],
    ['200 with an empty body', () => new HttpResponse(null, { status: 200 }), 'bad_response'],
    ['200 with a blank body', () => new HttpResponse('  \n', { status: 200 }), 'bad_response'],
    ['200 with truncated JSON', () => new HttpResponse('{"user":{"name":"Erkki', { status: 200 }), 'bad_response'],
    ['200 with JSON null', () => HttpResponse.json(null), 'bad_response'],
    ['200 with an empty user', () => HttpResponse.json({ user: {} }), 'bad_response'],
    ['200 with the user at the top level', () => HttpResponse.json({ name: 'Erkki', email: ERKKI }), 'bad_response'],
    ['201 with a user', () => HttpResponse.json({ user: { name: 'Erkki', email: ERKKI } }, { status: 201 }), 'bad_response'],
    ['204', () => new HttpResponse(null, { status: 204 }), 'bad_response'],
  ];
  for (const [name, response, code] of failures) {
    it(`should fail with ${code} on ${name}`, async () => {
      answer('/login', response);
      expect((await failure(client().signIn(credentials, signal()))).code).to.equal(code);
    });
  }
});

describe('HttpAuthClient: signOut', () => {
  for (const status of [204, 200]) {
    it(`should resolve on ${status}`, async () => {
      const counter = answer('/logout', () => new HttpResponse(null, { status }));
      const result = await client().signOut(signal());
      expect(result, 'no single logout').to.deep.equal({});
      expect(counter.count).to.equal(1);
    });
  }

  it('should resolve with the redirect of a single logout (200 {redirect}), resolved to an absolute URL', async () => {
    answer('/logout', () => HttpResponse.json({ redirect: '/idp/logout?x=1' }));
    expect(await client().signOut(signal())).to.deep.equal({ redirect: new URL('/idp/logout?x=1', document.baseURI).href });
  });

  it('should fail with bad_response on a redirect that is no http(s) URL', async () => {
    answer('/logout', () => HttpResponse.json({ redirect: 'javascript:alert(1)' }));
    expect((await failure(client().signOut(signal()))).code).to.equal('bad_response');
  });

  const failures: ReadonlyArray<readonly [string, () => Response, string]> = [
    ['401', () => HttpResponse.json({ error: 'unauthenticated' }, { status: 401 }), 'session_expired'],
    ['401 without a body', () => new HttpResponse(null, { status: 401 }), 'session_expired'],
    ['403', () => HttpResponse.json({ error: 'csrf' }, { status: 403 }), 'server'],
    ['500', () => HttpResponse.json({ error: 'internal_error' }, { status: 500 }), 'server'],
    ['503', () => new HttpResponse(null, { status: 503 }), 'server'],
  ];
  for (const [name, response, code] of failures) {
    it(`should fail with ${code} on ${name}`, async () => {
      answer('/logout', response);
      expect((await failure(client().signOut(signal()))).code).to.equal(code);
    });
  }

  it('should fail with rate_limited on 429', async () => {
    answer('/logout', () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '5' } }));
    const error = await failure(client().signOut(signal()));
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfterSeconds).to.equal(5);
  });
});

describe('HttpAuthClient: requestPasswordReset', () => {
  for (const status of [202, 200, 204]) {
    it(`should resolve on ${status}`, async () => {
      answer('/password-reset', () => new HttpResponse(null, { status }));
      expect(await client().requestPasswordReset(ERKKI, signal())).to.equal(undefined);
    });
  }

  const failures: ReadonlyArray<readonly [string, () => Response, string]> = [
    ['502 delivery_failed', () => HttpResponse.json({ error: 'delivery_failed' }, { status: 502 }), 'delivery_failed'],
    ['502 with another error', () => HttpResponse.json({ error: 'bad_gateway' }, { status: 502 }), 'server'],
    ['502 with HTML', () => HttpResponse.html('<h1>502 Bad Gateway</h1>', { status: 502 }), 'server'],
    ['502 without a body', () => new HttpResponse(null, { status: 502 }), 'server'],
    ['500 delivery_failed', () => HttpResponse.json({ error: 'delivery_failed' }, { status: 500 }), 'server'],
    ['400', () => HttpResponse.json({ error: 'bad_request' }, { status: 400 }), 'server'],
    ['401', () => HttpResponse.json({ error: 'unauthenticated' }, { status: 401 }), 'session_expired'],
    ['500', () => HttpResponse.json({ error: 'internal_error' }, { status: 500 }), 'server'],
  ];
  for (const [name, response, code] of failures) {
    it(`should fail with ${code} on ${name}`, async () => {
      answer('/password-reset', response);
      expect((await failure(client().requestPasswordReset(ERKKI, signal()))).code).to.equal(code);
    });
  }

  it('should fail with rate_limited and the wait on 429', async () => {
    answer('/password-reset', () => HttpResponse.json({ error: 'rate_limited' }, { status: 429, headers: { 'Retry-After': '60' } }));
    const error = await failure(client().requestPasswordReset(ERKKI, signal()));
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfterSeconds).to.equal(60);
  });
});

describe('HttpAuthClient: network, timeout, abort, retries', () => {
  for (const c of CALLS) {
    it(`should fail ${c.name} with network when the connection fails`, async () => {
      answer(c.path, () => HttpResponse.error());
      const error = await failure(c.run(client(), signal()));
      expect(error.code).to.equal('network');
      expect(error.cause instanceof Error).to.equal(true);
    });
  }

  it('should fail with offline when the browser says it is offline', async () => {
    answer('/session', () => HttpResponse.error());
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      expect((await failure(client().session(signal()))).code).to.equal('offline');
    } finally {
      delete (navigator as unknown as Record<string, unknown>)['onLine'];
    }
    expect(navigator.onLine).to.equal(true);
  });

  it('should fail with network when a custom fetch throws', async () => {
    const fakeFetch: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect((await failure(client({ fetch: fakeFetch }).session(signal()))).code).to.equal('network');
  });

  for (const c of CALLS) {
    it(`should fail ${c.name} with timeout when the server does not answer in time`, async () => {
      answer(c.path, async () => {
        await delay('infinite');
        return HttpResponse.error();
      });
      const started = performance.now();
      const error = await failure(c.run(client({ timeoutMs: 50 }), signal()));
      expect(error.code).to.equal('timeout');
      // The server never answers: ending at all is the timeout's doing; this says it was ours.
      expect(performance.now() - started).to.be.below(DEFAULT_TIMEOUT_MS);
    });
  }

  it('should time out while reading a body that never ends', async () => {
    const fakeFetch: typeof fetch = async (_input, init) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"user":'));
            init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          },
        }),
        { status: 200 },
      );
    const error = await failure(client({ timeoutMs: 50, fetch: fakeFetch }).session(signal()));
    expect(error.code).to.equal('timeout');
  });

  it('should have a default timeout of 15 s', () => {
    expect(DEFAULT_TIMEOUT_MS).to.equal(15_000);
  });

  it('should not time out a call that answers in time', async () => {
    answer('/session', async () => {
      await delay(20);
      return new HttpResponse(null, { status: 401 });
    });
    // A timeout far beyond the answer's 20 ms, even on a busy machine (1 s was not always).
    expect(await client({ timeoutMs: 60_000 }).session(signal())).to.equal(null);
  });

  it('should reject with an AbortError and send nothing when the signal is already aborted', async () => {
    const counter = answer('/login', () => HttpResponse.json({ user: { name: 'Erkki', email: ERKKI } }));
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(client().signIn({ username: ERKKI, password: 'x', remember: false }, controller.signal));
    expect(isAbort(error)).to.equal(true);
    expect(error instanceof AuthError).to.equal(false);
    expect(counter.count).to.equal(0);
  });

  // Mid-call: the caller aborts once the server holds the request (msw's handler has it), not
  // after a fixed number of milliseconds. The server never answers on its own.
  function heldByTheServer(path: string): Promise<void> {
    const { arrived, reached } = arrival();
    answer(path, async () => {
      arrived();
      await delay('infinite');
      return HttpResponse.error();
    });
    return reached;
  }

  for (const c of CALLS) {
    it(`should reject ${c.name} with an AbortError when the caller aborts mid-call`, async () => {
      const reached = heldByTheServer(c.path);
      const controller = new AbortController();
      const pending = rejection(c.run(client(), controller.signal));
      await reached;
      controller.abort();
      const error = await pending;
      expect(isAbort(error)).to.equal(true);
      expect((error as DOMException).name).to.equal('AbortError');
    });
  }

  it("should reject with the signal's own reason", async () => {
    const reached = heldByTheServer('/session');
    const controller = new AbortController();
    const reason = new DOMException('step changed', 'AbortError');
    const pending = rejection(client().session(controller.signal));
    await reached;
    controller.abort(reason);
    expect((await pending) === reason).to.equal(true);
  });

  it('should say abort, not timeout, when the caller aborts before the timeout', async () => {
    const reached = heldByTheServer('/session');
    const controller = new AbortController();
    // The timeout is armed and far off: the caller's abort comes first however busy the machine.
    const pending = rejection(client({ timeoutMs: 60_000 }).session(controller.signal));
    await reached;
    controller.abort();
    const error = await pending;
    expect(isAbort(error)).to.equal(true);
    expect(error instanceof AuthError).to.equal(false);
  });

  // Exactly once, counted where the client sends (its `fetch`) the moment it sends, and, for an
  // answer, by the server too: both are final when the call has ended, so nothing is waited for.
  // (The count used to be read after a fixed 100 ms sleep, in msw only: on a busy machine a
  // request an earlier test left behind arrived within it and counted 2, or a 50 ms timeout
  // aborted the request before msw saw it and counted 0.)
  const noRetry: ReadonlyArray<readonly [string, () => Response, AuthError['code']]> = [
    ['500', () => HttpResponse.json({ error: 'internal_error' }, { status: 500 }), 'server'],
    ['503 with Retry-After', () => new HttpResponse(null, { status: 503, headers: { 'Retry-After': '1' } }), 'server'],
    ['429', () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '1' } }), 'rate_limited'],
    ['a network error', () => HttpResponse.error(), 'network'],
  ];
  let once = 0;
  for (const c of CALLS) {
    for (const [name, response, code] of noRetry) {
      it(`should send ${c.name} exactly once on ${name}`, async () => {
        // An endpoint of its own: a request an earlier test left behind cannot be counted here.
        const endpoint = `${ENDPOINT}-once-${++once}`;
        const served = answer(c.path, response, endpoint);
        const sent = countingFetch();
        const error = await failure(c.run(client({ endpoint, fetch: sent.fetch }), signal()));
        expect(error.code).to.equal(code);
        expect(sent.calls.count, 'requests the client sent').to.equal(1);
        expect(served.count, 'requests the server saw').to.equal(1);
      });
    }
    it(`should send ${c.name} exactly once on a timeout`, async () => {
      // A server that never answers, as fetch sees it: the same in every engine (WebKit does not
      // end a fetch that a service worker holds when its signal aborts).
      const sent = countingFetch(neverAnswers);
      const error = await failure(c.run(client({ timeoutMs: 20, fetch: sent.fetch }), signal()));
      expect(error.code).to.equal('timeout');
      expect(sent.calls.count, 'requests the client sent').to.equal(1);
    });
  }
});

describe('HttpAuthClient: every status the contract names', () => {
  const byCall = new Map(CALLS.map((c) => [c.call, c]));
  for (const call of CALL_NAMES) {
    const c = byCall.get(call)!;
    for (const rule of [...CONTRACT[call].rules, ...SHARED_RULES]) {
      const body = rule.error ? { error: rule.error } : { error: 'anything' };
      it(`should read ${call} ${rule.status}${rule.error ? ` {error: ${rule.error}}` : ''} as ${rule.means}`, async () => {
        answer(c.path, () => HttpResponse.json(body, { status: rule.status }));
        const outcome = await c.run(client(), signal()).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const own = CONTRACT[call].rules.find((r) => r.status === rule.status && (r.error === undefined || r.error === body.error));
        const means = (own ?? rule).means;
        if (means === 'signed-out' || means === 'no-passkeys') expect(outcome).to.deep.equal({ value: null });
        else if (means === 'no-identify-step') expect(outcome).to.deep.equal({ value: { next: 'password' } });
        else expect((outcome as { error: AuthError }).error?.code).to.equal(means);
      });
    }
    for (const status of CONTRACT[call].success) {
      it(`should accept ${status} as a success of ${call}`, async () => {
        const good = okFor(c.path)();
        answer(
          c.path,
          async () =>
            new HttpResponse(status === 204 ? null : await good.text(), { status, headers: { 'Content-Type': 'application/json' } }),
        );
        if (status === 204 && CONTRACT[call].body !== 'none') return;
        await c.run(client(), signal());
      });
    }
  }
});

describe('HttpAuthClient: redirects are never followed', () => {
  for (const c of CALLS) {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`should fail ${c.name} with redirected on ${status} and send nothing to where it points`, async () => {
        const stolen = answer('/collect', () => HttpResponse.json({ user: { name: 'Mallory', email: 'mallory@attacker.example' } }));
        answer(c.path, () => new HttpResponse(null, { status, headers: { Location: `${ENDPOINT}/collect` } }));
        const error = await failure(c.run(client({ csrfToken: () => 'token' }), signal()));
        expect(error.code).to.equal('redirected');
        expect(stolen.count).to.equal(0);
      });
    }
  }

  it('should fail with redirected when the demo backend has the redirect fault', async () => {
    const backend = new MockAuthBackend({ faults: { login: 'redirect' } });
    worker.use(...createHandlers(backend, { endpoint: ENDPOINT }));
    const error = await failure(client().signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: false }, signal()));
    expect(error.code).to.equal('redirected');
  });
});

describe('HttpAuthClient: timeout is clamped', () => {
  for (const [name, value, expected] of [
    ['a normal value', 5_000, 5_000],
    ['1e12', 1e12, 2 ** 31 - 1],
    ['Infinity', Number.POSITIVE_INFINITY, 2 ** 31 - 1],
    ['NaN', Number.NaN, DEFAULT_TIMEOUT_MS],
    ['zero', 0, DEFAULT_TIMEOUT_MS],
    ['negative', -1, DEFAULT_TIMEOUT_MS],
    ['unset', undefined, DEFAULT_TIMEOUT_MS],
  ] as const) {
    it(`should use ${expected} ms for ${name}`, () => {
      expect(clampTimeout(value)).to.equal(expected);
    });
  }

  it('should not time out at once with a timeout of 1e12 ms', async () => {
    answer('/session', async () => {
      await delay(50);
      return HttpResponse.json({ error: 'unauthenticated' }, { status: 401 });
    });
    expect(await client({ timeoutMs: 1e12 }).session(signal())).to.equal(null);
  });
});

describe('MockAuthBackend: CSRF on the msw transport too', () => {
  it('should refuse a POST without the token with 403 csrf, and accept it with the token', async () => {
    const backend = new MockAuthBackend({ csrfToken: 'the-token' });
    worker.use(...createHandlers(backend, { endpoint: ENDPOINT }));
    const refused = await failure(client().identify(ERKKI, signal()));
    expect(refused.code).to.equal('server');
    expect(await client({ csrfToken: () => 'the-token' }).identify(ERKKI, signal())).to.deep.equal({ next: 'password' });
    expect(await client().session(signal()), 'GET needs no token').to.equal(null);
  });
});

describe('HttpAuthClient: a reset link', () => {
  it('reads the ticket: the username and the rules, leaving out what it cannot read', async () => {
    answer('/password-reset/verify', () =>
      HttpResponse.json({ username: ERKKI, policy: { minLength: 12, maxLength: 9, requires: ['digit', 'emoji', 'symbol'] }, token: 'x' }),
    );
    expect(await client().verifyPasswordReset('t', signal())).to.deep.equal({
      username: ERKKI,
      policy: { minLength: 12, requires: ['digit', 'symbol'] },
    });
  });

  it('fails a ticket without a username as a bad response', async () => {
    answer('/password-reset/verify', () => HttpResponse.json({ policy: {} }));
    expect((await failure(client().verifyPasswordReset('t', signal()))).code).to.equal('bad_response');
  });

  it('resolves null on 204 (changed: sign in yourself), the user on 200', async () => {
    answer('/password-reset/complete', () => new HttpResponse(null, { status: 204 }));
    expect(await client().completePasswordReset('t', 'p', signal())).to.equal(null);
  });

  for (const [rule, expected] of [
    ['min_length', 'min_length'],
    ['symbol', 'symbol'],
    ['emoji', undefined],
    [undefined, undefined],
  ] as const) {
    it(`reads weak_password with the rule ${String(rule)}`, async () => {
      answer('/password-reset/complete', () => HttpResponse.json({ error: 'weak_password', ...(rule ? { rule } : {}) }, { status: 422 }));
      const error = await failure(client().completePasswordReset('t', 'p', signal()));
      expect(error.code).to.equal('weak_password');
      expect(error.rule).to.equal(expected);
    });
  }

  it('tells a breached password from a weak one by its error code on 422', async () => {
    answer('/password-reset/complete', () => HttpResponse.json({ error: 'breached_password' }, { status: 422 }));
    expect((await failure(client().completePasswordReset('t', 'p', signal()))).code).to.equal('breached_password');
  });

  it('sends the token in the body, never in the URL', async () => {
    const seen = capture('/password-reset/verify', () => HttpResponse.json({ username: ERKKI, policy: {} }));
    await client().verifyPasswordReset('secret-token', signal());
    expect(seen[0]!.pathname).to.equal(`${ENDPOINT}/password-reset/verify`);
    expect(JSON.parse(seen[0]!.text)).to.deep.equal({ token: 'secret-token' });
  });

  it('with the demo backend: a link emailed for Erkki opens, sets a new password that then signs in, and works once', async () => {
    const links: string[] = [];
    const backend = new MockAuthBackend({ onResetLink: ({ token }) => links.push(token) });
    worker.use(...createHandlers(backend, { endpoint: ENDPOINT }));
    await client().requestPasswordReset(ERKKI, signal());
    expect(links).to.have.length(1);
    const token = links[0]!;
    expect(await client().verifyPasswordReset(token, signal())).to.deep.include({ username: ERKKI });
    expect((await failure(client().completePasswordReset(token, 'lyhyt', signal()))).rule).to.equal('min_length');
    expect((await failure(client().completePasswordReset(token, 'Salasana1234', signal()))).code).to.equal('breached_password');
    expect(await client().completePasswordReset(token, 'Uusi-Kevat-2027', signal())).to.deep.equal({
      name: 'Erkki Esimerkki',
      email: ERKKI,
    });
    expect((await failure(client().verifyPasswordReset(token, signal()))).code).to.equal('invalid_token');
    await client().signOut(signal());
    expect((await failure(client().signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: false }, signal()))).code).to.equal(
      'invalid_credentials',
    );
    expect(await client().signIn({ username: ERKKI, password: 'Uusi-Kevat-2027', remember: false }, signal())).to.deep.include({
      email: ERKKI,
    });
    // msw keeps the cookies its answers set: signing out clears them for the next test.
    await client().signOut(signal());
  });

  it('with the demo backend: an expired link and an unknown one', async () => {
    worker.use(...createHandlers(new MockAuthBackend(), { endpoint: ENDPOINT }));
    expect((await failure(client().verifyPasswordReset(EXPIRED_RESET_TOKEN, signal()))).code).to.equal('expired_token');
    expect((await failure(client().verifyPasswordReset('nobody-knows', signal()))).code).to.equal('invalid_token');
  });
});

describe('HttpAuthClient with the demo backend (msw)', () => {
  let backend: MockAuthBackend;

  beforeEach(() => {
    clearSessionCookie();
    backend = new MockAuthBackend();
    worker.use(...createHandlers(backend, { endpoint: ENDPOINT }));
  });

  it('should have no session without a cookie', async () => {
    expect(await client().session(signal())).to.equal(null);
  });

  it('should sign Erkki in, keep the session, and sign him out', async () => {
    const c = client();
    const user = await c.signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: false }, signal());
    expect(user.name).to.equal('Erkki Esimerkki');
    expect(user.email).to.equal(ERKKI);
    expect(document.cookie.includes(`${SESSION_COOKIE}=`)).to.equal(true);
    const session = await c.session(signal());
    expect(session?.name).to.equal('Erkki Esimerkki');
    await c.signOut(signal());
    expect(await c.session(signal())).to.equal(null);
  });

  it('should sign Virve in with her classic username and give her email', async () => {
    const user = await client().signIn({ username: VIRVE, password: DEMO_PASSWORD, remember: false }, signal());
    expect(user.name).to.equal('Virve Viranomainen');
    expect(user.email).to.equal('virve.viranomainen@espoo.fi');
  });

  it('should ignore case and spaces around the identifier', async () => {
    const user = await client().signIn({ username: ' Esimerkki.Erkki@Example.com ', password: DEMO_PASSWORD, remember: false }, signal());
    expect(user.name).to.equal('Erkki Esimerkki');
  });

  const rejected: ReadonlyArray<readonly [string, string, string]> = [
    ['a wrong password', ERKKI, 'salasana123'],
    ['a password with a trailing space', ERKKI, `${DEMO_PASSWORD} `],
    ['an unknown identifier', 'ei.ketaan@example.com', DEMO_PASSWORD],
    ['an unknown classic username', 'tuntematon', DEMO_PASSWORD],
  ];
  for (const [name, username, password] of rejected) {
    it(`should answer invalid_credentials for ${name}`, async () => {
      const error = await failure(client().signIn({ username, password, remember: false }, signal()));
      expect(error.code).to.equal('invalid_credentials');
    });
  }

  for (const password of [DEMO_PASSWORD, 'anything']) {
    it(`should answer locked for lukittu@example.com with ${JSON.stringify(password)}`, async () => {
      const error = await failure(client().signIn({ username: 'lukittu@example.com', password, remember: false }, signal()));
      expect(error.code).to.equal('locked');
    });
  }

  it('should redirect sso@espoo.fi to /sso-demo on this origin', async () => {
    const result = await client().identify('sso@espoo.fi', signal());
    expect(result.next).to.equal('redirect');
    expect(result.next === 'redirect' ? result.url : '').to.equal(`${location.origin}/sso-demo`);
  });

  for (const username of [ERKKI, VIRVE, 'lukittu@example.com', 'ei.ketaan@example.com', 'tuntematon']) {
    it(`should answer password to identify for ${username} (no enumeration)`, async () => {
      expect((await client().identify(username, signal())).next).to.equal('password');
    });
  }

  it('should rate limit after 5 wrong passwords with Retry-After 30, and refuse even the right one then', async () => {
    const c = client();
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const error = await failure(c.signIn({ username: ERKKI, password: `wrong${i}`, remember: false }, signal()));
      codes.push(error.code);
      if (i === 4) expect(error.retryAfterSeconds).to.equal(30);
    }
    expect(codes.join(',')).to.equal('invalid_credentials,invalid_credentials,invalid_credentials,invalid_credentials,rate_limited');
    const after = await failure(c.signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: false }, signal()));
    expect(after.code).to.equal('rate_limited');
    expect(after.retryAfterSeconds).to.be.within(29, 30);
  });

  it('should fail the reset for virhe@example.com with delivery_failed', async () => {
    const error = await failure(client().requestPasswordReset('virhe@example.com', signal()));
    expect(error.code).to.equal('delivery_failed');
  });

  for (const email of [ERKKI, 'ei.ketaan@example.com']) {
    it(`should accept a reset for ${email}`, async () => {
      expect(await client().requestPasswordReset(email, signal())).to.equal(undefined);
    });
  }

  const faults: ReadonlyArray<readonly [string, () => Promise<unknown>, () => void, string]> = [
    [
      'login html',
      () => client().signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: false }, signal()),
      () => (backend.faults = { login: 'html' }),
      'bad_response',
    ],
    [
      'login unavailable',
      () => client().signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: false }, signal()),
      () => (backend.faults = { login: 'unavailable' }),
      'server',
    ],
    ['session server-error', () => client().session(signal()), () => (backend.faults = { session: 'server-error' }), 'server'],
    ['logout network-error', () => client().signOut(signal()), () => (backend.faults = { logout: 'network-error' }), 'network'],
    [
      'reset hang',
      () => client({ timeoutMs: 50 }).requestPasswordReset(ERKKI, signal()),
      () => (backend.faults = { 'password-reset': 'hang' }),
      'timeout',
    ],
    [
      'login not-found',
      () => client().signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: false }, signal()),
      () => (backend.faults = { login: 'not-found' }),
      'server',
    ],
  ];
  for (const [name, run, setFault, code] of faults) {
    it(`should fail with ${code} on the fault "${name}"`, async () => {
      setFault();
      expect((await failure(run())).code).to.equal(code);
    });
  }

  it('should go to the password step when the backend has no identify step (fault not-found)', async () => {
    backend.faults = { identify: 'not-found' };
    expect((await client().identify(ERKKI, signal())).next).to.equal('password');
  });
});

describe('MockAuthBackend', () => {
  let clock = 0;
  let backend: MockAuthBackend;

  beforeEach(() => {
    clock = 1_700_000_000_000;
    backend = new MockAuthBackend({ now: () => clock });
  });

  function send(
    method: string,
    path: string,
    body?: unknown,
    cookies: Record<string, string> = {},
  ): Extract<MockResponse, { kind: 'response' }> {
    const request: MockRequest = { method, path, body, cookies };
    const response = backend.handle(request);
    if (response.kind !== 'response') throw new Error(`expected a response, got ${response.kind}`);
    return response;
  }

  function login(username: string, password: string, remember = false) {
    return send('POST', '/login', { username, password, remember });
  }

  it('should sign Erkki in with a browser-session cookie (no Max-Age)', () => {
    const response = login(ERKKI, DEMO_PASSWORD);
    expect(response.status).to.equal(200);
    expect(JSON.stringify(response.body)).to.equal(
      JSON.stringify({ user: { name: 'Erkki Esimerkki', email: ERKKI, assurance: 'password' } }),
    );
    const cookie = response.headers['Set-Cookie'] ?? '';
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).to.equal(true);
    expect(cookie.includes('Max-Age')).to.equal(false);
    expect(cookie.includes('Path=/')).to.equal(true);
  });

  it('should set a Max-Age cookie when asked to remember', () => {
    const cookie = login(ERKKI, DEMO_PASSWORD, true).headers['Set-Cookie'] ?? '';
    expect(cookie.includes(`Max-Age=${REMEMBER_SECONDS}`)).to.equal(true);
    expect(REMEMBER_SECONDS).to.equal(30 * 24 * 60 * 60);
  });

  it('should only remember for remember: true, not a truthy string', () => {
    const cookie = send('POST', '/login', { username: ERKKI, password: DEMO_PASSWORD, remember: 'yes' }).headers['Set-Cookie'] ?? '';
    expect(cookie.includes('Max-Age')).to.equal(false);
  });

  it('should mark the cookie HttpOnly when configured', () => {
    backend = new MockAuthBackend({ httpOnlyCookie: true });
    expect((login(ERKKI, DEMO_PASSWORD).headers['Set-Cookie'] ?? '').includes('HttpOnly')).to.equal(true);
  });

  it('should give the session user for the session cookie, with an extra field', () => {
    const response = send('GET', '/session', undefined, { [SESSION_COOKIE]: encodeURIComponent(VIRVE) });
    expect(response.status).to.equal(200);
    const body = response.body as { user: Record<string, unknown> };
    expect(body.user['name']).to.equal('Virve Viranomainen');
    expect(body.user['email']).to.equal('virve.viranomainen@espoo.fi');
    expect(Object.keys(body.user).length).to.be.above(2);
  });

  const noSession: ReadonlyArray<Record<string, string>> = [{}, { [SESSION_COOKIE]: '' }, { [SESSION_COOKIE]: 'someone.else' }];
  for (const cookies of noSession) {
    it(`should answer 401 to session for cookies ${JSON.stringify(cookies)}`, () => {
      expect(send('GET', '/session', undefined, cookies).status).to.equal(401);
    });
  }

  it('should clear the cookie on logout with 204', () => {
    const response = send('POST', '/logout');
    expect(response.status).to.equal(204);
    expect((response.headers['Set-Cookie'] ?? '').includes('Max-Age=0')).to.equal(true);
  });

  it('should answer 429 with Retry-After 30 on the 5th wrong password, and block afterwards', () => {
    const statuses = [1, 2, 3, 4, 5].map((i) => login(ERKKI, `wrong${i}`).status);
    expect(statuses.join(',')).to.equal('401,401,401,401,429');
    const blocked = login(ERKKI, DEMO_PASSWORD);
    expect(blocked.status).to.equal(429);
    expect(blocked.headers['Retry-After']).to.equal('30');
    clock += 10_000;
    const later = login(ERKKI, DEMO_PASSWORD);
    expect(later.status).to.equal(429);
    expect(later.headers['Retry-After']).to.equal('20');
    clock += 20_000;
    expect(login(ERKKI, DEMO_PASSWORD).status).to.equal(200);
  });

  it('should give the 5th wrong password a 429 body with rate_limited', () => {
    for (let i = 0; i < 4; i += 1) login(ERKKI, 'wrong');
    const response = login(ERKKI, 'wrong');
    expect(response.headers['Retry-After']).to.equal('30');
    expect(JSON.stringify(response.body)).to.equal('{"error":"rate_limited"}');
  });

  it('should count failures per identifier', () => {
    for (let i = 0; i < 5; i += 1) login(ERKKI, 'wrong');
    expect(login(VIRVE, DEMO_PASSWORD).status).to.equal(200);
  });

  it('should rate limit unknown identifiers the same way (no enumeration)', () => {
    const statuses = [1, 2, 3, 4, 5].map(() => login('ei.ketaan@example.com', 'x').status);
    expect(statuses.join(',')).to.equal('401,401,401,401,429');
  });

  it('should restart the count after a successful sign-in', () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push(login(ERKKI, 'wrong').status);
    statuses.push(login(ERKKI, DEMO_PASSWORD).status);
    for (let i = 0; i < 4; i += 1) statuses.push(login(ERKKI, 'wrong').status);
    expect(statuses.join(',')).to.equal('401,401,401,401,200,401,401,401,401');
  });

  it('should forget failures on reset()', () => {
    for (let i = 0; i < 5; i += 1) login(ERKKI, 'wrong');
    backend.reset();
    expect(login(ERKKI, DEMO_PASSWORD).status).to.equal(200);
  });

  for (const password of [DEMO_PASSWORD, 'whatever']) {
    it(`should answer 423 locked for lukittu@example.com with ${JSON.stringify(password)}`, () => {
      const response = login('lukittu@example.com', password);
      expect(response.status).to.equal(423);
      expect(JSON.stringify(response.body)).to.equal('{"error":"locked"}');
    });
  }

  for (const username of ['sso@espoo.fi', 'SSO@Espoo.fi', ' sso@espoo.fi ']) {
    it(`should redirect ${JSON.stringify(username)} to /sso-demo on identify`, () => {
      const response = send('POST', '/identify', { username });
      expect(response.status).to.equal(200);
      expect(JSON.stringify(response.body)).to.equal('{"next":"redirect","url":"/sso-demo"}');
    });
  }

  it('should answer identify the same for known and unknown identifiers (no enumeration)', () => {
    const answers = [ERKKI, VIRVE, 'lukittu@example.com', 'ei.ketaan@example.com', 'tuntematon'].map((username) => {
      const response = send('POST', '/identify', { username });
      return `${response.status} ${JSON.stringify(response.body)}`;
    });
    expect(new Set(answers).size).to.equal(1);
    expect(answers[0]).to.equal('200 {"next":"password"}');
  });

  it('should refuse an identify without a username', () => {
    expect(send('POST', '/identify', {}).status).to.equal(400);
  });

  it('should answer 502 delivery_failed for a reset to virhe@example.com', () => {
    const response = send('POST', '/password-reset', { email: 'virhe@example.com' });
    expect(response.status).to.equal(502);
    expect(JSON.stringify(response.body)).to.equal('{"error":"delivery_failed"}');
  });

  for (const email of [ERKKI, 'ei.ketaan@example.com']) {
    it(`should answer 202 without a body for a reset to ${email}`, () => {
      const response = send('POST', '/password-reset', { email });
      expect(response.status).to.equal(202);
      expect(response.body).to.equal(undefined);
    });
  }

  it('should refuse a reset to something that is not an address', () => {
    expect(send('POST', '/password-reset', { email: VIRVE }).status).to.equal(400);
  });

  const notFound: ReadonlyArray<readonly [string, string]> = [
    ['POST', '/session'],
    ['GET', '/login'],
    ['GET', '/nothing'],
    ['POST', '/'],
  ];
  for (const [method, path] of notFound) {
    it(`should answer 404 to ${method} ${path}`, () => {
      expect(send(method, path).status).to.equal(404);
    });
  }

  it('should switch faults on per call', () => {
    backend.faults = { login: 'unavailable', identify: 'network-error', session: 'hang' };
    const unavailable = login(ERKKI, DEMO_PASSWORD);
    expect(unavailable.status).to.equal(503);
    expect(unavailable.headers['Retry-After']).to.equal('120');
    expect(backend.handle({ method: 'POST', path: '/identify', body: { username: ERKKI }, cookies: {} }).kind).to.equal('network-error');
    expect(backend.handle({ method: 'GET', path: '/session', body: undefined, cookies: {} }).kind).to.equal('hang');
    expect(send('POST', '/password-reset', { email: ERKKI }).status).to.equal(202);
    backend.reset();
    expect(login(ERKKI, DEMO_PASSWORD).status).to.equal(200);
  });
});

describe('HttpAuthClient: when the session ends (issue 17)', () => {
  const DATE = 'Mon, 30 Nov 2026 10:00:00 GMT';
  it('reads expiresAt against the Date header of each answer with the user, and forgets it on a signed-out answer', async () => {
    const c = client();
    answer('/session', () =>
      HttpResponse.json({ user: { name: 'Erkki', email: ERKKI }, expiresAt: '2026-11-30T10:05:00Z' }, { headers: { Date: DATE } }),
    );
    const before = Date.now();
    await c.session(signal());
    const end = c.sessionEnd();
    expect(end).to.be.within(before + 300_000, Date.now() + 300_000);
    answer('/session/refresh', () =>
      HttpResponse.json({ user: { name: 'Erkki', email: ERKKI }, expiresAt: '2026-11-30T10:15:00Z' }, { headers: { Date: DATE } }),
    );
    await c.refreshSession(signal());
    expect(c.sessionEnd()! - end!).to.be.within(600_000 - 5000, 600_000 + 5000);
    answer('/session', () => HttpResponse.json({ error: 'unauthenticated' }, { status: 401, headers: { Date: DATE } }));
    await c.session(signal());
    expect(c.sessionEnd()).to.equal(null);
  });

  it('an answer without expiresAt says no end', async () => {
    const c = client();
    answer('/login', () => HttpResponse.json({ user: { name: 'Erkki', email: ERKKI } }));
    await c.signIn({ username: ERKKI, password: DEMO_PASSWORD, remember: false }, signal());
    expect(c.sessionEnd()).to.equal(null);
  });

  it('a refresh of a session that has ended fails with session_expired', async () => {
    answer('/session/refresh', () => HttpResponse.json({ error: 'unauthenticated' }, { status: 401 }));
    const error = await failure(client().refreshSession(signal()));
    expect(error.code).to.equal('session_expired');
  });
});
