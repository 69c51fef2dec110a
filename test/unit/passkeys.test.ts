/**
 * Issue 16 without a browser prompt: the flow's submit-passkey, and the built-in client's passkey
 * calls against the one mock backend through msw (its options, a garbage credential refused, a
 * server without passkeys). The real ceremonies are in test/e2e/passkeys.test.ts (Chromium's
 * virtual authenticator) and the contract kit's software authenticator (test/e2e/contract.test.ts).
 */
import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { AuthError } from '../../src/auth/auth-client.js';
import { HttpAuthClient } from '../../src/auth/http-auth-client.js';
import { next, signedOut, type SignedOutState } from '../../src/flow/flow.js';
import { MockAuthBackend } from '../../mock/backend.js';
import { createHandlers } from '../../mock/msw.js';

const NOW = 1_700_000_000_000;
const worker = setupWorker();

before(async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
});
after(() => worker.stop());
afterEach(() => worker.resetHandlers());

function serve(endpoint: string, options: ConstructorParameters<typeof MockAuthBackend>[0] = {}): HttpAuthClient {
  worker.use(...createHandlers(new MockAuthBackend(options), { endpoint }));
  return new HttpAuthClient({ endpoint });
}

describe('flow: submit-passkey', () => {
  const step1: SignedOutState = { ...signedOut(), step: 'identify' };

  it('starts a sign-in from step 1 (pending sign-in, no error)', () => {
    const after = next({ ...step1, error: { code: 'passkey_none', field: null, seq: 1 } }, { type: 'submit-passkey', now: NOW });
    expect(after).to.include({ status: 'signed-out', pending: 'sign-in', error: null });
  });

  it('is refused on other steps (same state)', () => {
    const password: SignedOutState = { ...step1, step: 'password' };
    expect(next(password, { type: 'submit-passkey', now: NOW }) === password).to.equal(true);
  });

  it('waits out a 429 like the password does', () => {
    const blocked: SignedOutState = { ...step1, blocked: { signIn: NOW + 10_000, reset: null } };
    const after = next(blocked, { type: 'submit-passkey', now: NOW }) as SignedOutState;
    expect(after.pending).to.equal(null);
    expect(after.error).to.include({ code: 'rate_limited', retryAfterSeconds: 10 });
  });

  it('a passkey failure is shown once the call ends (failed with a passkey code)', () => {
    const pending = next(step1, { type: 'submit-passkey', now: NOW }) as SignedOutState;
    const after = next(pending, { type: 'failed', code: 'passkey_rejected', now: NOW }) as SignedOutState;
    expect(after.pending).to.equal(null);
    expect(after.error).to.include({ code: 'passkey_rejected', field: null });
  });
});

describe('HttpAuthClient passkey calls against the mock backend', () => {
  it('options: a fresh base64url challenge each time, for this origin', async () => {
    const client = serve('/pk-a');
    const first = await client.passkeyOptions(new AbortController().signal);
    const second = await client.passkeyOptions(new AbortController().signal);
    expect(first?.challenge).to.match(/^[\w-]{22,}$/);
    expect(first?.['rpId']).to.equal(location.hostname);
    expect(second?.challenge).not.to.equal(first?.challenge);
  });

  it('a garbage credential is refused (unknown_credential), a malformed one too (invalid_credentials)', async () => {
    const client = serve('/pk-b');
    const options = await client.passkeyOptions(new AbortController().signal);
    const clientDataJSON = btoa(JSON.stringify({ type: 'webauthn.get', challenge: options!.challenge, origin: location.origin }))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    const garbage = {
      id: 'bm9ib2R5',
      rawId: 'bm9ib2R5',
      type: 'public-key',
      response: { clientDataJSON, authenticatorData: 'AA', signature: 'AA' },
    };
    const unknown = await client.passkeySignIn(garbage, new AbortController().signal).catch((error: unknown) => error);
    expect(unknown).to.be.instanceOf(AuthError);
    expect((unknown as AuthError).code).to.equal('unknown_credential');
    const malformed = await client.passkeySignIn('not a credential', new AbortController().signal).catch((error: unknown) => error);
    expect((malformed as AuthError).code).to.equal('invalid_credentials');
  });

  it('registration needs a session (401: session_expired)', async () => {
    // Straight to the mock backend with no cookies, past msw: msw keeps the cookies its answers
    // set (in localStorage, for every page of this browser) and sends them on, so another test
    // file's demo session would be this request's too.
    const backend = new MockAuthBackend();
    const client = new HttpAuthClient({
      endpoint: '/pk-c',
      fetch: async (input, init) => {
        const answer = await backend.respond({
          method: init?.method ?? 'GET',
          path: new URL(String(input), location.href).pathname.slice('/pk-c'.length),
          body: undefined,
          cookies: {},
        });
        if (answer.kind !== 'response') throw new TypeError('no answer');
        return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
          status: answer.status,
          headers: answer.headers,
        });
      },
    });
    const error = await client.passkeyRegistrationOptions(new AbortController().signal).catch((e: unknown) => e);
    expect((error as AuthError).code).to.equal('session_expired');
  });

  it('a server without passkeys: options and registration options are null (404)', async () => {
    const client = serve('/pk-d', { passkeys: false });
    expect(await client.passkeyOptions(new AbortController().signal)).to.equal(null);
    expect(await client.passkeyRegistrationOptions(new AbortController().signal)).to.equal(null);
  });
});
