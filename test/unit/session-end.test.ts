/**
 * When a session ends (issue 17): the contract's reading of `expiresAt` against the server's
 * `Date` header, so the browser's clock being off (skew) changes nothing; and the HTTP client
 * and the mock backend that follow it.
 */
import { expect } from '@open-wc/testing';
import { readSessionEnd } from '../../src/contract/readers.js';
import { CALLS, CORS, callFor, interpret, sessionEnd } from '../../src/contract/contract.js';
import { MockAuthBackend, SESSION_COOKIE } from '../../mock/backend.js';

const SERVER_NOW = Date.parse('2026-11-30T10:00:00Z');
const DATE = new Date(SERVER_NOW).toUTCString();
const IN_5_MIN = '2026-11-30T10:05:00Z';

describe("readSessionEnd: the time left, read on the server's clock", () => {
  it("counts expiresAt minus Date from when the answer arrived, whatever this browser's clock says", () => {
    // The browser's clock an hour behind, an hour ahead, or right: always 5 minutes from arrival.
    for (const arrival of [SERVER_NOW - 3_600_000, SERVER_NOW + 3_600_000, SERVER_NOW]) {
      expect(readSessionEnd({ user: {}, expiresAt: IN_5_MIN }, DATE, arrival)).to.equal(arrival + 300_000);
    }
  });

  it('reads offsets and fractions of ISO 8601', () => {
    expect(readSessionEnd({ expiresAt: '2026-11-30T12:05:00+02:00' }, DATE, 0)).to.equal(300_000);
    expect(readSessionEnd({ expiresAt: '2026-11-30T10:05:00.500Z' }, DATE, 0)).to.equal(300_500);
    expect(readSessionEnd({ expiresAt: ' 2026-11-30T10:05Z ' }, DATE, 0)).to.equal(300_000);
  });

  it("without a readable Date, reads expiresAt on this browser's clock (skew then counts)", () => {
    const expected = Date.parse(IN_5_MIN);
    expect(readSessionEnd({ expiresAt: IN_5_MIN }, null, 123)).to.equal(expected);
    expect(readSessionEnd({ expiresAt: IN_5_MIN }, 'yesterday', 123)).to.equal(expected);
    expect(readSessionEnd({ expiresAt: IN_5_MIN }, '', 123)).to.equal(expected);
  });

  it('no expiresAt, or one it cannot read, is no end (no warning, no timed end)', () => {
    for (const body of [
      undefined,
      null,
      {},
      { user: {} },
      { expiresAt: null },
      { expiresAt: 1_700_000_000 },
      { expiresAt: '2026-11-30T10:05:00' /* no zone: whose local time? */ },
      { expiresAt: '2026-11-30' },
      { expiresAt: 'tomorrow' },
      { expiresAt: '2026-13-45T99:00:00Z' },
      [IN_5_MIN],
    ]) {
      expect(readSessionEnd(body, DATE, 0), JSON.stringify(body)).to.equal(null);
    }
  });

  it("sessionEnd reads an answer's body and its Date header", () => {
    const answer = { status: 200, headers: new Headers({ Date: DATE }), body: { user: { name: 'A', email: '' }, expiresAt: IN_5_MIN } };
    expect(sessionEnd(answer, 1000)).to.equal(301_000);
  });
});

describe('the contract: session/refresh and the Date header', () => {
  it('POST {endpoint}/session/refresh answers the user; 401 means the session has already ended', () => {
    expect(CALLS['session-refresh']).to.include({ method: 'POST', path: '/session/refresh', body: 'user' });
    expect(callFor('POST', '/session/refresh')).to.equal('session-refresh');
    const headers = new Headers();
    expect(
      interpret(
        'session-refresh',
        { status: 200, headers, body: { user: { name: 'Erkki', email: 'e@example.com' } } },
        { baseUrl: 'http://x/' },
      ),
    ).to.deep.equal({
      name: 'Erkki',
      email: 'e@example.com',
    });
    expect(() => interpret('session-refresh', { status: 401, headers, body: { error: 'unauthenticated' } }, { baseUrl: 'http://x/' }))
      .to.throw()
      .with.property('code', 'session_expired');
  });

  it('a cross-origin endpoint exposes Date (not CORS-safelisted)', () => {
    expect(CORS.exposeHeaders).to.include('Date');
  });
});

describe('the mock backend: sessions that end', () => {
  const cookie = (headers: Readonly<Record<string, string>>) => /^([^=]+)=([^;]*)/.exec(headers['Set-Cookie'] ?? '')!;
  function signIn(backend: MockAuthBackend): Record<string, string> {
    const answer = backend.handle({
      method: 'POST',
      path: '/login',
      body: { username: 'esimerkki.erkki@example.com', password: 'Salasana123', remember: false },
      cookies: {},
    });
    if (answer.kind !== 'response') throw new Error('no answer');
    const [, name, value] = cookie(answer.headers);
    expect(name).to.equal(SESSION_COOKIE);
    expect((answer.body as { expiresAt?: string }).expiresAt).to.equal(new Date(now + 90_000).toISOString());
    expect(answer.headers['Date']).to.equal(new Date(now).toUTCString());
    return { [SESSION_COOKIE]: value! };
  }
  let now = SERVER_NOW;
  const backend = () => new MockAuthBackend({ sessionSeconds: 90, now: () => now });

  it('says when a session ends, extends it on refresh, and refuses it after its end', () => {
    now = SERVER_NOW;
    const mock = backend();
    const cookies = signIn(mock);
    now += 60_000;
    const session = mock.handle({ method: 'GET', path: '/session', body: undefined, cookies });
    expect(session.kind === 'response' && session.status).to.equal(200);
    expect(session.kind === 'response' && (session.body as { expiresAt: string }).expiresAt).to.equal(
      new Date(SERVER_NOW + 90_000).toISOString(),
    );
    const refresh = mock.handle({ method: 'POST', path: '/session/refresh', body: undefined, cookies });
    expect(refresh.kind === 'response' && refresh.status).to.equal(200);
    expect(refresh.kind === 'response' && (refresh.body as { expiresAt: string }).expiresAt).to.equal(new Date(now + 90_000).toISOString());
    now += 90_000;
    const after = mock.handle({ method: 'GET', path: '/session', body: undefined, cookies });
    expect(after.kind === 'response' && after.status).to.equal(401);
    const late = mock.handle({ method: 'POST', path: '/session/refresh', body: undefined, cookies });
    expect(late.kind === 'response' && late.status).to.equal(401);
  });

  it('without sessionSeconds, sessions carry no expiresAt (every other test and story)', () => {
    const mock = new MockAuthBackend();
    const answer = mock.handle({
      method: 'POST',
      path: '/login',
      body: { username: 'esimerkki.erkki@example.com', password: 'Salasana123', remember: false },
      cookies: {},
    });
    expect(answer.kind === 'response' && 'expiresAt' in (answer.body as object)).to.equal(false);
    expect(answer.kind === 'response' && typeof answer.headers['Date']).to.equal('string');
  });
});
