/**
 * A scripted {@link AuthClient} for component tests.
 *
 * - Every call is recorded (method, arguments, signal, whether it was aborted).
 *   The password is recorded only so a test can assert it was sent exactly as
 *   typed; never print `calls` wholesale.
 * - Each test decides the answers: `answer()` / `fail()` queue a one-shot
 *   answer for the next call of a method, `always()` sets the default, and
 *   `defer()` queues a {@link Deferred} the test settles when it wants
 *   (pending states, double submit).
 * - The AbortSignal is honoured: an aborted call rejects with the signal's
 *   reason (an `AbortError`), as the real client does.
 */
import {
  AuthError,
  type AuthClient,
  type AuthErrorCode,
  type Credentials,
  type IdentifyResult,
  type SignOutResult,
  type User,
} from '../../src/auth/auth-client.js';
import { ERKKI_ACCOUNT, VIRVE_ACCOUNT } from '../fixtures/accounts.js';

/** The demo accounts' users (test/fixtures/accounts.ts). */
export const ERKKI: User = ERKKI_ACCOUNT.user;
export const VIRVE: User = VIRVE_ACCOUNT.user;

export interface Results {
  session: User | null;
  identify: IdentifyResult;
  signIn: User;
  signOut: SignOutResult | void;
  requestPasswordReset: void;
}

export type Method = keyof Results;

export interface Call<M extends Method = Method> {
  readonly method: M;
  /** identify: the username; signIn: the credentials; requestPasswordReset: the email; others: nothing. */
  readonly arg: M extends 'identify' | 'requestPasswordReset' ? string : M extends 'signIn' ? Credentials : undefined;
  readonly signal: AbortSignal;
}

/** A promise the test settles by hand. */
export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (reason: unknown) => void;
  #settled = false;
  /** Set once the element has called the method this answer was queued for. */
  called = false;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = (value) => {
        this.#settled = true;
        resolve(value);
      };
      this.reject = (reason) => {
        this.#settled = true;
        reject(reason);
      };
    });
    // A deferred that is rejected but never awaited (aborted call) must not be reported as unhandled.
    this.promise.catch(() => {});
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Rejects with an {@link AuthError}. */
  fail(code: AuthErrorCode, options: { retryAfterSeconds?: number } = {}): void {
    this.reject(new AuthError(code, options));
  }
}

/** What a call answers: a value, a thrown error, a deferred, or a function of the call. */
export type Answer<M extends Method> =
  | { readonly kind: 'value'; readonly value: Results[M] }
  | { readonly kind: 'throw'; readonly error: unknown }
  | { readonly kind: 'deferred'; readonly deferred: Deferred<Results[M]> }
  | { readonly kind: 'call'; readonly fn: (call: Call<M>) => Results[M] | Promise<Results[M]> };

const DEFAULTS: { [M in Method]: Answer<M> } = {
  session: { kind: 'value', value: null },
  identify: { kind: 'value', value: { next: 'password' } },
  signIn: { kind: 'value', value: ERKKI },
  signOut: { kind: 'value', value: undefined },
  requestPasswordReset: { kind: 'value', value: undefined },
};

export class FakeAuthClient implements AuthClient {
  readonly calls: Call[] = [];
  #queues: { [M in Method]: Answer<M>[] } = {
    session: [],
    identify: [],
    signIn: [],
    signOut: [],
    requestPasswordReset: [],
  };
  #defaults: { [M in Method]: Answer<M> } = { ...DEFAULTS };

  // ------------------------------------------------------------- scripting

  /** The next call of `method` resolves with `value`. */
  answer<M extends Method>(method: M, value: Results[M]): this {
    (this.#queues[method] as Answer<M>[]).push({ kind: 'value', value });
    return this;
  }

  /** The next call of `method` throws `AuthError(code)`, or `error` when it is not a code (e.g. a plain Error). */
  fail<M extends Method>(method: M, error: AuthErrorCode | Error, options: { retryAfterSeconds?: number } = {}): this {
    const thrown = typeof error === 'string' ? new AuthError(error, options) : error;
    (this.#queues[method] as Answer<M>[]).push({ kind: 'throw', error: thrown });
    return this;
  }

  /** The next call of `method` waits for the returned deferred. */
  defer<M extends Method>(method: M): Deferred<Results[M]> {
    const deferred = new Deferred<Results[M]>();
    (this.#queues[method] as Answer<M>[]).push({ kind: 'deferred', deferred });
    return deferred;
  }

  /** The next call of `method` is answered by `fn`. */
  respond<M extends Method>(method: M, fn: (call: Call<M>) => Results[M] | Promise<Results[M]>): this {
    (this.#queues[method] as Answer<M>[]).push({ kind: 'call', fn });
    return this;
  }

  /** Every call of `method` that has no queued answer gets this one. */
  always<M extends Method>(method: M, answer: Answer<M>): this {
    (this.#defaults as Record<Method, Answer<Method>>)[method] = answer as unknown as Answer<Method>;
    return this;
  }

  // ------------------------------------------------------------- inspecting

  /** The recorded calls of one method, oldest first. */
  callsOf<M extends Method>(method: M): Call<M>[] {
    return this.calls.filter((call): call is Call<M> => call.method === method);
  }

  count(method?: Method): number {
    return method ? this.callsOf(method).length : this.calls.length;
  }

  last<M extends Method>(method: M): Call<M> | undefined {
    const calls = this.callsOf(method);
    return calls[calls.length - 1];
  }

  // ------------------------------------------------------------- AuthClient

  session(signal: AbortSignal): Promise<User | null> {
    return this.#handle('session', undefined, signal);
  }

  identify(username: string, signal: AbortSignal): Promise<IdentifyResult> {
    return this.#handle('identify', username, signal);
  }

  signIn(credentials: Credentials, signal: AbortSignal): Promise<User> {
    // Copy: the element must not be able to change what was recorded.
    return this.#handle('signIn', { ...credentials }, signal);
  }

  signOut(signal: AbortSignal): Promise<SignOutResult | void> {
    return this.#handle('signOut', undefined, signal);
  }

  requestPasswordReset(email: string, signal: AbortSignal): Promise<void> {
    return this.#handle('requestPasswordReset', email, signal);
  }

  #handle<M extends Method>(method: M, arg: Call<M>['arg'], signal: AbortSignal): Promise<Results[M]> {
    const call = { method, arg, signal } as Call<M>;
    this.calls.push(call as unknown as Call);
    const queued = (this.#queues[method] as Answer<M>[]).shift();
    const answer = queued ?? (this.#defaults[method] as Answer<M>);
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Results[M]>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = (promise: Promise<Results[M]>) =>
        promise.then(
          (value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        );
      switch (answer.kind) {
        case 'value':
          settle(Promise.resolve(answer.value));
          break;
        case 'throw':
          settle(Promise.reject(answer.error));
          break;
        case 'deferred':
          answer.deferred.called = true;
          settle(answer.deferred.promise);
          break;
        case 'call':
          settle(Promise.resolve().then(() => answer.fn(call)));
          break;
      }
    });
  }
}
