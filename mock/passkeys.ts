/**
 * The mock backend's passkeys (issue 16): real WebAuthn ceremonies verified with
 * `@simplewebauthn/server` (a dev dependency: the mock runs in the browser through msw and in
 * Node through `node-server.ts`, and the library runs in both on WebCrypto). It issues a fresh
 * challenge for each options call, takes each challenge back once (verify or register uses it
 * up, whatever the outcome: a replayed assertion is refused), stores the demo accounts'
 * passkeys, and answers with the contract's statuses.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { WIRE_ERRORS, statusFor, successStatus, type CallName } from '../src/contract/contract.js';
import type { MockResponse, MockStore } from './backend.js';

/** The passkey calls of the contract. */
export const PASSKEY_CALLS = ['passkey-options', 'passkey-verify', 'passkey-register-options', 'passkey-register'] as const;
export type PasskeyCall = (typeof PASSKEY_CALLS)[number];

export function isPasskeyCall(call: CallName): call is PasskeyCall {
  return (PASSKEY_CALLS as readonly string[]).includes(call);
}

/** How long a challenge may be answered. */
export const CHALLENGE_SECONDS = 5 * 60;

/** A stored passkey: its id and public key (base64url), its signature counter, its account. */
interface StoredPasskey {
  readonly id: string;
  readonly publicKey: string;
  counter: number;
  readonly username: string;
  readonly transports?: string[];
}

function json(status: number, body?: unknown, headers: Record<string, string> = {}): MockResponse {
  return {
    kind: 'response',
    status,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  };
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The challenge a credential's clientDataJSON answers, or `null`. */
function answeredChallenge(credential: unknown): string | null {
  try {
    const data = (credential as { response: { clientDataJSON: string } }).response.clientDataJSON;
    const parsed = JSON.parse(new TextDecoder().decode(fromBase64url(data))) as { challenge?: unknown };
    return typeof parsed.challenge === 'string' ? parsed.challenge : null;
  } catch {
    return null;
  }
}

export interface PasskeyContext {
  /** The page's origin (`Origin` header, else the request's own): the relying party is its host. */
  readonly origin: string;
  /** The signed-in account's username, or `null`. */
  readonly username: string | null;
  /** A session for this account: the answer's `Set-Cookie` headers. */
  signIn(username: string): Record<string, string>;
  /** The user object a sign-in answers with. */
  user(username: string): object | null;
}

export class MockPasskeys {
  readonly #store: MockStore;
  readonly #now: () => number;
  /** Challenges issued and not yet used: challenge → what for, until when. */
  readonly #challenges = new Map<string, { kind: 'get' | 'create'; username: string | null; until: number }>();

  constructor(store: MockStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  /** The passkeys stored (all accounts). */
  list(): StoredPasskey[] {
    return JSON.parse(this.#store.get('passkeys') ?? '[]') as StoredPasskey[];
  }

  #save(list: StoredPasskey[]): void {
    this.#store.set('passkeys', JSON.stringify(list));
  }

  forget(): void {
    this.#challenges.clear();
  }

  async answer(call: PasskeyCall, body: unknown, context: PasskeyContext): Promise<MockResponse> {
    const rpID = new URL(context.origin).hostname;
    const now = this.#now();
    for (const [challenge, issued] of this.#challenges) if (issued.until <= now) this.#challenges.delete(challenge);
    switch (call) {
      case 'passkey-options': {
        const options = await generateAuthenticationOptions({ rpID, userVerification: 'preferred', timeout: 120_000 });
        this.#challenges.set(options.challenge, { kind: 'get', username: null, until: now + CHALLENGE_SECONDS * 1000 });
        return json(successStatus('passkey-options'), options);
      }
      case 'passkey-register-options': {
        if (!context.username)
          return json(statusFor('passkey-register-options', 'session_expired'), { error: WIRE_ERRORS.unauthenticated });
        const user = context.user(context.username) as { name?: string } | null;
        const options = await generateRegistrationOptions({
          rpName: 'Espoo (demo)',
          rpID,
          userName: context.username,
          userDisplayName: user?.name ?? context.username,
          // The user handle: opaque, the same for every passkey of the account.
          userID: new TextEncoder().encode(`demo:${context.username}`),
          attestationType: 'none',
          excludeCredentials: this.list()
            .filter((passkey) => passkey.username === context.username)
            .map((passkey) => ({ id: passkey.id })),
          authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
          timeout: 120_000,
        });
        this.#challenges.set(options.challenge, { kind: 'create', username: context.username, until: now + CHALLENGE_SECONDS * 1000 });
        return json(successStatus('passkey-register-options'), options);
      }
      case 'passkey-verify':
        return this.#verify(body, context, rpID);
      case 'passkey-register':
        return this.#register(body, context, rpID);
    }
  }

  /** Takes a challenge back: it works once. */
  #take(credential: unknown, kind: 'get' | 'create') {
    const challenge = answeredChallenge(credential);
    const issued = challenge === null ? undefined : this.#challenges.get(challenge);
    if (challenge === null || !issued) return null;
    this.#challenges.delete(challenge);
    return issued.kind === kind ? { challenge, ...issued } : null;
  }

  async #verify(body: unknown, context: PasskeyContext, rpID: string): Promise<MockResponse> {
    const credential = (body as { credential?: AuthenticationResponseJSON } | undefined)?.credential;
    const refused = json(statusFor('passkey-verify', 'invalid_credentials'), { error: WIRE_ERRORS.invalidCredentials });
    if (typeof credential !== 'object' || credential === null) return refused;
    const issued = this.#take(credential, 'get');
    const list = this.list();
    const stored = list.find((passkey) => passkey.id === credential.id);
    if (!stored) return json(statusFor('passkey-verify', 'unknown_credential'), { error: WIRE_ERRORS.unknownCredential });
    if (!issued) return refused;
    try {
      const result = await verifyAuthenticationResponse({
        response: credential,
        expectedChallenge: issued.challenge,
        expectedOrigin: context.origin,
        expectedRPID: rpID,
        credential: { id: stored.id, publicKey: fromBase64url(stored.publicKey) as Uint8Array<ArrayBuffer>, counter: stored.counter },
        requireUserVerification: false,
      });
      if (!result.verified) return refused;
      stored.counter = result.authenticationInfo.newCounter;
      this.#save(list);
    } catch {
      return refused;
    }
    const user = context.user(stored.username);
    if (!user) return refused;
    return json(successStatus('passkey-verify'), { user: { ...user, assurance: 'passkey' } }, context.signIn(stored.username));
  }

  async #register(body: unknown, context: PasskeyContext, rpID: string): Promise<MockResponse> {
    if (!context.username) return json(statusFor('passkey-register', 'session_expired'), { error: WIRE_ERRORS.unauthenticated });
    const credential = (body as { credential?: RegistrationResponseJSON } | undefined)?.credential;
    const refused = json(400, { error: WIRE_ERRORS.badRequest });
    if (typeof credential !== 'object' || credential === null) return refused;
    const issued = this.#take(credential, 'create');
    if (!issued || issued.username !== context.username) return refused;
    try {
      const result = await verifyRegistrationResponse({
        response: credential,
        expectedChallenge: issued.challenge,
        expectedOrigin: context.origin,
        expectedRPID: rpID,
        requireUserVerification: false,
      });
      if (!result.verified) return refused;
      const { id, publicKey, counter, transports } = result.registrationInfo.credential;
      const list = this.list().filter((passkey) => passkey.id !== id);
      list.push({ id, publicKey: base64url(publicKey), counter, username: context.username, ...(transports ? { transports } : {}) });
      this.#save(list);
    } catch {
      return refused;
    }
    return json(successStatus('passkey-register'));
  }
}
