/**
 * The contract kit (bin/city-login-contract.mjs) as a child process: it passes
 * against the mock backend over real HTTP, and names the failing scenario against
 * deliberately broken servers. All traffic stays on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startMockServer, type MockServer } from '../../mock/node-server.js';

const KIT = 'bin/city-login-contract.mjs';
const USER = 'esimerkki.erkki@example.com';
const PASSWORD = 'Salasana123';
const CSRF = 'contract-csrf-token';
const DEMO = ['--user', USER, '--password', PASSWORD, '--locked', 'lukittu@example.com', '--reset-email', 'someone@example.com', '--csrf-token', CSRF];

interface KitRun {
  code: number | null;
  stdout: string;
  stderr: string;
}
interface KitResult {
  id: string;
  expected: string;
  got: string;
  verdict: 'pass' | 'fail' | 'warn' | 'skip';
  required: boolean;
  advisory: boolean;
  hint?: string;
}
interface KitReport {
  endpoint: string;
  results: KitResult[];
  summary: { passed: number; failed: number; requests: number; maxRequests: number; budgetReached: boolean; ok: boolean; failedRequired: string[] };
}

/** Runs the kit asynchronously (the servers live in this process). */
function kit(args: string[]): Promise<KitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KIT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      assert.ok(!`${stdout}${stderr}`.includes(PASSWORD), 'the password is never printed');
      resolve({ code, stdout, stderr });
    });
  });
}

async function kitJson(args: string[]): Promise<{ run: KitRun; report: KitReport }> {
  const run = await kit([...args, '--json']);
  return { run, report: JSON.parse(run.stdout) as KitReport };
}

function verdict(report: KitReport, id: string): KitResult {
  const result = report.results.find((r) => r.id === id);
  assert.ok(result, `scenario ${id} is reported`);
  return result;
}

// ------------------------------------------------------------ tiny servers

interface Listening {
  url: string;
  /** Requests received. */
  count: () => number;
  close: () => Promise<void>;
}

async function listen(handler: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<Listening> {
  let count = 0;
  const server = createServer((request, response) => {
    count += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Breaks {
  wrongPasswordSignsIn?: boolean;
  identifyRevealsAccounts?: boolean;
  noCookie?: boolean;
  logoutKeepsSession?: boolean;
  corsWildcard?: boolean;
}

/** A small auth server that keeps the contract (CORS included), unless told to break it. */
function authServer(breaks: Breaks = {}): Promise<Listening> {
  const sessions = new Set<string>();
  return listen((request, text, response) => {
    const send = (status: number, body?: unknown, headers: Record<string, string | string[]> = {}) => {
      const origin = request.headers.origin;
      const cors: Record<string, string> = origin
        ? {
            'Access-Control-Allow-Origin': breaks.corsWildcard ? '*' : origin,
            'Access-Control-Allow-Credentials': 'true',
            'Access-Control-Expose-Headers': 'Retry-After',
            Vary: 'Origin',
          }
        : {};
      const json = body === undefined ? {} : { 'Content-Type': 'application/json' };
      response.writeHead(status, { ...cors, ...json, ...headers }).end(body === undefined ? '' : JSON.stringify(body));
    };
    const path = (request.url ?? '').replace(/^\/auth/, '');
    if (request.method === 'OPTIONS') {
      send(204, undefined, { 'Access-Control-Allow-Headers': 'Content-Type, Accept-Language, X-CSRF-Token', 'Access-Control-Allow-Methods': 'GET, POST' });
      return;
    }
    if (request.method === 'POST' && request.headers['x-csrf-token'] !== CSRF) {
      send(403, { error: 'csrf' });
      return;
    }
    const body = (text ? JSON.parse(text) : {}) as { username?: string; password?: string; remember?: boolean };
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const user = { name: 'Erkki Esimerkki', email: USER };
    if (request.method === 'GET' && path === '/session') {
      if (sid && sessions.has(sid)) send(200, { user });
      else send(401, { error: 'unauthenticated' });
    } else if (path === '/identify') {
      if (body.username === USER || !breaks.identifyRevealsAccounts) send(200, { next: 'password' });
      else send(404, { error: 'not_found' });
    } else if (path === '/login') {
      if (body.username === 'lukittu@example.com') send(423, { error: 'locked' });
      else if (body.username === USER && (body.password === PASSWORD || breaks.wrongPasswordSignsIn)) {
        const token = randomBytes(8).toString('hex');
        sessions.add(token);
        const cookie = `sid=${token}; Path=/; HttpOnly; SameSite=Lax${body.remember ? '; Max-Age=2592000' : ''}`;
        send(200, { user }, breaks.noCookie ? {} : { 'Set-Cookie': cookie });
      } else send(401, { error: 'invalid_credentials' });
    } else if (path === '/logout') {
      if (breaks.logoutKeepsSession) send(204);
      else {
        if (sid) sessions.delete(sid);
        send(204, undefined, { 'Set-Cookie': 'sid=; Path=/; Max-Age=0' });
      }
    } else if (path === '/password-reset') send(202);
    else send(404, { error: 'not_found' });
  });
}

// ------------------------------------------------------------ tests

describe('contract kit against the mock backend over real HTTP', () => {
  let server: MockServer;
  before(async () => {
    server = await startMockServer({ files: {}, csrfToken: CSRF });
  });
  after(async () => {
    await server?.close();
  });

  it('passes every required scenario within the request budget', async () => {
    server.requests.length = 0;
    const { run, report } = await kitJson([`${server.url}/auth`, ...DEMO, '--max-requests', '20']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(report.summary.ok, true);
    const required = report.results.filter((r) => r.required);
    assert.deepEqual(required.filter((r) => r.verdict !== 'pass').map((r) => r.id), []);
    for (const id of ['session-signed-out', 'identify', 'identify-no-enumeration', 'login-wrong-password', 'login', 'cookie-attributes',
      'cookie-browser-session', 'session-signed-in', 'login-remember', 'logout', 'session-after-logout', 'password-reset', 'locked', 'csrf-accepted']) {
      assert.equal(verdict(report, id).verdict, 'pass', id);
      assert.equal(verdict(report, id).required, true, id);
    }
    assert.equal(verdict(report, 'csrf-missing').verdict, 'pass', 'a POST without the token is refused with 403');
    assert.match(verdict(report, 'cookie-attributes').got, /HttpOnly, .*SameSite=Lax, Path=\//);
    assert.match(verdict(report, 'retry-after').got, /not provoked/);
    assert.equal(verdict(report, 'cors-preflight').verdict, 'skip');
    // Bounded: what the server saw is what the kit counted, and within the budget.
    assert.equal(server.requests.length, report.summary.requests);
    assert.ok(server.requests.length <= 20, `${server.requests.length} requests`);
    assert.ok(server.requests.every((r) => !r.path.includes(PASSWORD)), 'no password in any URL');
  });

  it('prints a table with a verdict per scenario and a summary line', async () => {
    const run = await kit([`${server.url}/auth`, ...DEMO]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^scenario\s+expected\s+got\s+verdict$/m);
    assert.match(run.stdout, /^login-wrong-password\s+401 \{error\}\s+401 \{"error":"invalid_credentials"\}\s+PASS$/m);
    assert.match(run.stdout, /^PASS: \d+ passed, 0 failed, .* requests/m);
  });

  it('stops after --max-requests', async () => {
    server.requests.length = 0;
    const { run, report } = await kitJson([`${server.url}/auth`, ...DEMO, '--max-requests', '3']);
    assert.equal(run.code, 1);
    assert.equal(server.requests.length, 3);
    assert.equal(report.summary.requests, 3);
    assert.equal(report.summary.budgetReached, true);
    assert.match(verdict(report, 'login').got, /--max-requests 3 reached/);
  });
});

describe('contract kit against deliberately broken servers', () => {
  const run = async (breaks: Breaks, extra: string[] = []) => {
    const server = await authServer(breaks);
    try {
      return await kitJson([`${server.url}/auth`, ...DEMO, ...extra]);
    } finally {
      await server.close();
    }
  };
  const failsOn = (outcome: { run: KitRun; report: KitReport }, id: string) => {
    assert.equal(outcome.run.code, 1, outcome.run.stdout);
    assert.equal(verdict(outcome.report, id).verdict, 'fail', id);
    assert.ok(outcome.report.summary.failedRequired.includes(id));
    assert.ok(verdict(outcome.report, id).hint, 'a failure says what to fix');
  };

  it('the reference server, cross-origin with CORS, passes', async () => {
    const { run: result, report } = await run({}, ['--origin', 'http://127.0.0.1:5173']);
    assert.equal(result.code, 0, result.stdout);
    assert.equal(verdict(report, 'cors-preflight').verdict, 'pass');
    assert.equal(verdict(report, 'cors-responses').verdict, 'pass');
    assert.equal(verdict(report, 'session-replay-after-logout').verdict, 'pass');
  });

  it('fails when a wrong password signs in', async () => {
    failsOn(await run({ wrongPasswordSignsIn: true }), 'login-wrong-password');
  });

  it('fails when identify reveals which accounts exist', async () => {
    failsOn(await run({ identifyRevealsAccounts: true }), 'identify-no-enumeration');
  });

  it('fails when login sets no cookie', async () => {
    const outcome = await run({ noCookie: true });
    failsOn(outcome, 'login');
    assert.match(verdict(outcome.report, 'login').got, /no Set-Cookie/);
  });

  it('fails when logout does not end the session', async () => {
    failsOn(await run({ logoutKeepsSession: true }), 'session-after-logout');
  });

  it('fails on Access-Control-Allow-Origin: * with credentials', async () => {
    const outcome = await run({ corsWildcard: true }, ['--origin', 'http://127.0.0.1:5173']);
    failsOn(outcome, 'cors-preflight');
    failsOn(outcome, 'cors-responses');
    assert.match(verdict(outcome.report, 'cors-preflight').got, /Allow-Origin "\*"/);
  });

  it('names the failing scenario in the table', async () => {
    const server = await authServer({ wrongPasswordSignsIn: true });
    try {
      const result = await kit([`${server.url}/auth`, ...DEMO]);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /^login-wrong-password\s.*\sFAIL$/m);
      assert.match(result.stdout, /^FAIL: .*failing or not run: login-wrong-password/m);
    } finally {
      await server.close();
    }
  });

  it('does not follow a redirect to another host', async () => {
    const elsewhere = await listen((_request, _body, response) => response.writeHead(200).end('{}'));
    const redirecting = await listen((_request, _body, response) => response.writeHead(302, { Location: `${elsewhere.url}/steal` }).end());
    try {
      const { run: result, report } = await kitJson([`${redirecting.url}/auth`, ...DEMO]);
      assert.equal(result.code, 1);
      assert.equal(elsewhere.count(), 0, 'no request reached the other host');
      assert.match(verdict(report, 'session-signed-out').got, /302 redirect to .* \(not followed\)/);
      assert.ok(redirecting.count() <= 40);
    } finally {
      await elsewhere.close();
      await redirecting.close();
    }
  });

  it('bounds every request with a timeout', async () => {
    const hanging = await listen(() => {});
    try {
      const { run: result, report } = await kitJson([`${hanging.url}/auth`, ...DEMO, '--timeout', '200', '--max-requests', '2']);
      assert.equal(result.code, 1);
      assert.match(verdict(report, 'session-signed-out').got, /no answer within 200 ms/);
      assert.equal(hanging.count(), 2);
    } finally {
      await hanging.close();
    }
  });
});

describe('contract kit usage', () => {
  for (const args of [[], ['http://127.0.0.1:9/auth'], ['http://127.0.0.1:9/auth', '--user', USER], ['ftp://127.0.0.1/auth', '--user', USER, '--password', 'x'],
    ['http://127.0.0.1:9/auth', '--user', USER, '--password', 'x', '--max-requests', 'many'], ['http://127.0.0.1:9/auth', '--user', USER, '--password', 'x', '--bogus']]) {
    it(`exits 2 with the usage: ${args.join(' ') || '(no arguments)'}`, async () => {
      const result = await kit(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /Usage: city-login-contract <endpoint-url>/);
      assert.equal(result.stdout, '');
    });
  }
});
