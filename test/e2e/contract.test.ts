/**
 * The contract kit (bin/city-login-contract.mjs) as a child process: it passes
 * against the mock backend over real HTTP, and names the failing scenario against
 * deliberately broken servers. All traffic stays on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { LOCKED_IDENTIFIER, type Breaks } from '../../mock/backend.js';
import { startMockServer, type MockServer } from '../../mock/node-server.js';
import { CALL_NAMES, CALLS } from '../../src/contract/contract.js';
import { scaled } from '../timing.mjs';
import { EXIT_CODES, isContractReport, reportProblems, type ContractReport, type ScenarioResult } from '../../src/contract-kit/report.js';

const KIT = 'bin/city-login-contract.mjs';
const USER = 'esimerkki.erkki@example.com';
const PASSWORD = 'Salasana123';
const CSRF = 'contract-csrf-token';
const PAGE_ORIGIN = 'http://127.0.0.1:5173';
const DEMO = [
  '--user',
  USER,
  '--password',
  PASSWORD,
  '--locked',
  LOCKED_IDENTIFIER,
  '--reset-email',
  'someone@example.com',
  '--csrf-token',
  CSRF,
];

interface KitRun {
  code: number | null;
  stdout: string;
  stderr: string;
}
type KitReport = ContractReport;
type KitResult = ScenarioResult;

/** Runs the kit asynchronously (the servers live in this process). */
function kit(args: string[]): Promise<KitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KIT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A kit run that hangs is ended (30 s on an idle machine, scaled: test/timing.mjs).
    const timer = setTimeout(() => child.kill(), scaled(30_000));
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
  const report: unknown = JSON.parse(run.stdout);
  assert.deepEqual(reportProblems(report), [], 'the --json report validates against ContractReport');
  assert.ok(isContractReport(report));
  return { run, report };
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

/** The mock backend over real HTTP, CORS for the page origin, broken on purpose where asked. */
function authServer(breaks: Breaks = {}): Promise<MockServer> {
  return startMockServer({ files: {}, csrfToken: CSRF, corsOrigins: [PAGE_ORIGIN], breaks });
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
    const { run, report } = await kitJson([`${server.url}/auth`, ...DEMO, '--max-requests', '30']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(report.summary.ok, true);
    const required = report.results.filter((r) => r.required);
    assert.deepEqual(
      required.filter((r) => r.verdict !== 'pass').map((r) => r.id),
      [],
    );
    for (const id of [
      'session-signed-out',
      'identify',
      'identify-no-enumeration',
      'login-wrong-password',
      'login',
      'cookie-attributes',
      'cookie-browser-session',
      'session-signed-in',
      'login-remember',
      'logout',
      'session-after-logout',
      'password-reset',
      'locked',
      'csrf-accepted',
      'no-redirect',
      'passkey-options',
      'passkey-garbage',
      'passkey-register',
      'passkey-sign-in',
      'passkey-challenge-single-use',
    ]) {
      assert.equal(verdict(report, id).verdict, 'pass', id);
      assert.equal(verdict(report, id).required, true, id);
    }
    assert.equal(verdict(report, 'csrf-missing').verdict, 'pass', 'a POST without the token is refused with 403');
    assert.match(verdict(report, 'cookie-attributes').got, /HttpOnly, .*SameSite=Lax, Path=\//);
    assert.match(verdict(report, 'retry-after').got, /not provoked/);
    assert.equal(verdict(report, 'cors-preflight').verdict, 'skip');
    // Bounded: what the server saw is what the kit counted, and within the budget.
    assert.equal(server.requests.length, report.summary.requests);
    assert.ok(server.requests.length <= 30, `${server.requests.length} requests`);
    assert.ok(
      server.requests.every((r) => !r.path.includes(PASSWORD)),
      'no password in any URL',
    );
    // Every call of the contract module was tried, with its method and path.
    for (const call of CALL_NAMES) {
      assert.ok(
        server.requests.some((r) => r.method === CALLS[call].method && r.path === CALLS[call].path),
        `${call} was tried`,
      );
    }
    // The mock ends sessions on the server: the old cookie no longer works.
    assert.equal(verdict(report, 'session-replay-after-logout').verdict, 'pass');
    assert.equal(verdict(report, 'user-name-and-email').verdict, 'pass');
  });

  it('without expiresAt, the session-lifetime scenarios do not apply (issue 17)', async () => {
    const { report } = await kitJson([`${server.url}/auth`, ...DEMO]);
    assert.equal(verdict(report, 'session-expires-at').verdict, 'skip');
    assert.match(verdict(report, 'session-expires-at').got, /no expiresAt/);
    assert.equal(verdict(report, 'session-refresh').verdict, 'pass', 'refresh is answered anyway');
  });

  it('checks expiresAt against the Date header and the refresh of a server whose sessions end (issue 17)', async () => {
    const ending = await startMockServer({ files: {}, csrfToken: CSRF, sessionSeconds: 600 });
    try {
      const { run, report } = await kitJson([`${ending.url}/auth`, ...DEMO]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(verdict(report, 'session-expires-at').verdict, 'pass');
      // The Date header has whole seconds (the milliseconds are cut): 600 or 601 s ahead of it.
      assert.match(verdict(report, 'session-expires-at').got, /^expiresAt 60[01]s, 60[01]s ahead of Date$/);
      assert.equal(verdict(report, 'session-refresh').verdict, 'pass');
      assert.match(verdict(report, 'session-refresh').got, /(599|600|601)s left/);
    } finally {
      await ending.close();
    }
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
    assert.equal(run.code, EXIT_CODES.failed);
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

  /** Each way to break the contract, and the scenario that must name it. */
  const variants: ReadonlyArray<readonly [string, Breaks, string, string[]?]> = [
    ['a wrong password signs in', { wrongPasswordSignsIn: true }, 'login-wrong-password'],
    ['identify reveals which accounts exist', { identifyRevealsAccounts: true }, 'identify-no-enumeration'],
    ['login sets no cookie', { noCookie: true }, 'login'],
    ['logout does not end the session', { logoutKeepsSession: true }, 'session-after-logout'],
    ['single logout redirects to a URL that is no http(s) URL', { logoutRedirectsNowhere: true }, 'logout'],
    ['remember: true gets a browser-session cookie', { rememberIgnored: true }, 'login-remember'],
    ['the user has neither name nor email', { userWithoutName: true }, 'login'],
    ['Access-Control-Allow-Origin: * with credentials', { corsWildcard: true }, 'cors-preflight', ['--origin', PAGE_ORIGIN]],
    ['every answer is a redirect', { redirectTo: 'http://127.0.0.1:9/elsewhere' }, 'no-redirect'],
  ];
  for (const [name, breaks, id, extra] of variants) {
    it(`fails ${id} when ${name}`, async () => {
      const outcome = await run(breaks, extra);
      failsOn(outcome, id);
    });
  }

  it('says what was wrong in the failing rows', async () => {
    assert.match(verdict((await run({ noCookie: true })).report, 'login').got, /no Set-Cookie/);
    const nowhere = verdict((await run({ logoutRedirectsNowhere: true })).report, 'logout');
    assert.match(nowhere.hint ?? '', /http\(s\) URL/, JSON.stringify(nowhere));
    const cors = await run({ corsWildcard: true }, ['--origin', PAGE_ORIGIN]);
    failsOn(cors, 'cors-responses');
    assert.match(verdict(cors.report, 'cors-preflight').got, /Allow-Origin "\*"/);
  });

  it('fails retry-after when a 429 carries a Retry-After no reader can read, and passes a readable one', async () => {
    for (const [unreadable, expected] of [
      [true, 'fail'],
      [false, 'pass'],
    ] as const) {
      const server = await authServer({ unreadableRetryAfter: unreadable });
      try {
        // Five wrong passwords first: the kit itself never provokes rate limiting.
        for (let i = 0; i < 5; i += 1) {
          server.backend.handle({
            method: 'POST',
            path: '/login',
            body: { username: USER, password: 'wrong' },
            cookies: {},
            headers: { 'x-csrf-token': CSRF },
          });
        }
        const { report } = await kitJson([`${server.url}/auth`, ...DEMO]);
        assert.equal(verdict(report, 'retry-after').verdict, expected, verdict(report, 'retry-after').got);
      } finally {
        await server.close();
      }
    }
  });

  it('warns (advisory), and still passes, when the user has a name but no email', async () => {
    // The contract accepts a user with either; the badge reads best with both.
    const { run: result, report } = await run({ userWithoutEmail: true });
    assert.equal(result.code, EXIT_CODES.ok, result.stdout);
    assert.equal(verdict(report, 'login').verdict, 'pass');
    assert.equal(verdict(report, 'user-name-and-email').verdict, 'warn');
    assert.equal(verdict(report, 'user-name-and-email').advisory, true);
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
    const redirecting = await authServer({ redirectTo: `${elsewhere.url}/steal` });
    try {
      const { run: result, report } = await kitJson([`${redirecting.url}/auth`, ...DEMO]);
      assert.equal(result.code, EXIT_CODES.failed);
      assert.equal(elsewhere.count(), 0, 'no request reached the other host');
      assert.match(verdict(report, 'session-signed-out').got, /307 redirect to .* \(not followed\)/);
      assert.equal(verdict(report, 'no-redirect').verdict, 'fail');
      assert.ok(redirecting.requests.length <= 40);
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
  for (const args of [
    [],
    ['http://127.0.0.1:9/auth'],
    ['http://127.0.0.1:9/auth', '--user', USER],
    ['ftp://127.0.0.1/auth', '--user', USER, '--password', 'x'],
    ['http://127.0.0.1:9/auth', '--user', USER, '--password', 'x', '--max-requests', 'many'],
    ['http://127.0.0.1:9/auth', '--user', USER, '--password', 'x', '--bogus'],
  ]) {
    it(`exits 2 with the usage: ${args.join(' ') || '(no arguments)'}`, async () => {
      const result = await kit(args);
      assert.equal(result.code, EXIT_CODES.usage);
      assert.match(result.stderr, /Usage: city-login-contract <endpoint-url>/);
      assert.equal(result.stdout, '');
    });
  }
});
