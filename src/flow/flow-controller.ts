import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, toAuthError, type AuthClient, type AuthErrorCode, type User } from '../auth/auth-client.js';
import { INITIAL_STATE, next, type FlowAction, type FlowState, type SignedOutState } from './flow.js';

/** What the controller tells its host, besides re-rendering. */
export interface FlowEffects {
  /** Sign-in succeeded, or the session check found a user (`restored`). */
  signedIn(user: User, restored: boolean): void;
  /** The resident signed out, or the server ended the session. */
  signedOut(): void;
  /** Identify sent the resident elsewhere. Return `false` to stay (the redirect was cancelled). */
  redirect(url: string): boolean;
  /** The password was rejected: the host clears the password field. */
  passwordRejected(): void;
}

export interface FlowControllerOptions {
  /** The client to use, read at each call (the host's `auth` property may change). */
  client: () => AuthClient;
  effects: FlowEffects;
  /** The clock (tests). */
  now?: () => number;
  /**
   * The name of the channel on which tabs tell each other that the session changed,
   * or `null` for none (e.g. a custom client whose sessions are not shared by tabs).
   */
  channel?: () => string | null;
  /** Waits before the 2nd and 3rd try of a failed session check on load (ms). */
  checkRetryDelays?: () => readonly number[];
}

/** What the resident does (as opposed to answers arriving): ends the "back online" notice. */
const RESIDENT_ACTIONS: ReadonlySet<FlowAction['type']> = new Set([
  'submit-identifier',
  'submit-password',
  'submit-reset',
  'change-identifier',
  'open-forgot',
  'back-to-sign-in',
  'sign-out',
  'recheck',
]);

/** Failures of the session check worth trying again: the network or the server may recover. */
const TRANSIENT: ReadonlySet<AuthErrorCode> = new Set(['offline', 'network', 'timeout', 'server']);

type RenderCases<T> = {
  [S in FlowState['status']]: (state: Extract<FlowState, { status: S }>) => T;
};

/**
 * Runs the pure flow reducer for a Lit host: owns the state, calls the
 * {@link AuthClient}, and re-renders the host on every change. One call at a
 * time; every call is aborted when the host leaves the page.
 */
export class FlowController implements ReactiveController {
  #state: FlowState = INITIAL_STATE;
  readonly #host: ReactiveControllerHost;
  readonly #options: FlowControllerOptions;
  #call: AbortController | null = null;
  #unblockTimer: ReturnType<typeof setTimeout> | undefined;
  /** Aborts the session check's waits and the background re-checks. */
  #lifetime: AbortController | null = null;
  #channel: BroadcastChannel | null = null;
  #connectivity: 'online' | 'offline' | 'restored' = navigator.onLine === false ? 'offline' : 'online';

  constructor(host: ReactiveControllerHost, options: FlowControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get state(): FlowState {
    return this.#state;
  }

  /** True while a call to the server is under way. */
  get busy(): boolean {
    const state = this.#state;
    return state.status === 'checking' || ('pending' in state && state.pending !== null);
  }

  /** `offline` while the browser says so; `restored` from coming back online until the resident acts. */
  get connectivity(): 'online' | 'offline' | 'restored' {
    return this.#connectivity;
  }

  hostConnected(): void {
    this.#lifetime = new AbortController();
    const { signal } = this.#lifetime;
    window.addEventListener('online', this.#onConnectivity, { signal });
    window.addEventListener('offline', this.#onConnectivity, { signal });
    // Back from the back-forward cache (e.g. Back after signing out): the view may be stale.
    window.addEventListener('pageshow', (event) => event.persisted && this.revalidate(), { signal });
    const channel = this.#options.channel?.() ?? null;
    if (channel !== null && typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(channel);
      this.#channel.addEventListener('message', () => this.revalidate(), { signal });
    } else if (channel !== null) {
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.revalidate(), {
        signal,
      });
    }
    if (this.#state.status === 'checking') void this.#checkSession();
    this.#scheduleUnblock();
  }

  hostDisconnected(): void {
    this.#abort();
    this.#lifetime?.abort();
    this.#lifetime = null;
    this.#channel?.close();
    this.#channel = null;
    clearTimeout(this.#unblockTimer);
    this.#unblockTimer = undefined;
  }

  /**
   * Checks the session again in the background (another tab signed in or out,
   * the page came back from the bfcache, the network came back). Never while a
   * call of the resident's is under way; a failure changes nothing.
   */
  revalidate(): void {
    const lifetime = this.#lifetime;
    if (lifetime === null || this.#call !== null || this.busy) return;
    const before = this.#state.status;
    void this.#options
      .client()
      .session(lifetime.signal)
      .then(
        (user) => {
          if (lifetime.signal.aborted || this.#call !== null) return;
          const after = this.dispatch({ type: 'session-revalidated', user });
          if (after.status === 'signed-in' && before !== 'signed-in') this.#options.effects.signedIn(after.user, true);
          if (after.status === 'signed-out' && before === 'signed-in') this.#options.effects.signedOut();
        },
        () => undefined,
      );
  }

  #onConnectivity = (): void => {
    const online = navigator.onLine !== false;
    this.#connectivity = online ? (this.#connectivity === 'offline' ? 'restored' : this.#connectivity) : 'offline';
    this.#host.requestUpdate();
    if (!online) return;
    if (this.#state.status === 'check-failed') this.recheck();
    else this.revalidate();
  };

  /** Tells the other tabs that the session changed. */
  #broadcast(): void {
    this.#channel?.postMessage('session-changed');
  }

  /** Renders by status, like `Task.render()`. */
  render<T>(cases: RenderCases<T>): T {
    const state = this.#state;
    return (cases[state.status] as (s: FlowState) => T)(state);
  }

  dispatch(action: FlowAction): FlowState {
    // "Back online" is said until the resident does something (typing does not count).
    if (this.#connectivity === 'restored' && RESIDENT_ACTIONS.has(action.type)) this.#connectivity = 'online';
    const before = this.#state;
    const after = next(before, action);
    if (after !== before) {
      this.#state = after;
      this.#host.requestUpdate();
      this.#scheduleUnblock();
    }
    return after;
  }

  /** Checks the session again (after a failed check). */
  recheck(): void {
    if (this.dispatch({ type: 'recheck' }).status === 'checking') void this.#checkSession();
  }

  editIdentifier(value: string): void {
    this.dispatch({ type: 'edit', field: 'identifier', value });
  }

  editEmail(value: string): void {
    this.dispatch({ type: 'edit', field: 'email', value });
  }

  editRemember(value: boolean): void {
    this.dispatch({ type: 'edit-remember', value });
  }

  submitIdentifier(identifier: string): void {
    if (!this.#starts({ type: 'submit-identifier', identifier, now: this.#now() }, 'identify')) return;
    const { identifier: username } = this.#state as SignedOutState;
    void this.#run(
      (client, signal) => client.identify(username, signal),
      (result) => {
        const state = this.dispatch({ type: 'identified', result });
        if (state.status === 'signed-out' && state.pending === 'redirect' && state.redirectUrl !== null) {
          if (!this.#options.effects.redirect(state.redirectUrl)) this.dispatch({ type: 'cancelled' });
        }
      },
    );
  }

  /** Signs in with the values read from the form at submit time. */
  submitPassword(identifier: string, password: string, remember: boolean): void {
    const action: FlowAction = { type: 'submit-password', identifier, hasPassword: password !== '', remember, now: this.#now() };
    if (!this.#starts(action, 'sign-in')) return;
    const { identifier: username } = this.#state as SignedOutState;
    void this.#run(
      (client, signal) => client.signIn({ username, password, remember }, signal),
      (user) => {
        this.dispatch({ type: 'signed-in', user });
        this.#broadcast();
        this.#options.effects.signedIn(user, false);
      },
      (code) => {
        if (code === 'invalid_credentials') this.#options.effects.passwordRejected();
      },
    );
  }

  submitReset(email: string): void {
    if (!this.#starts({ type: 'submit-reset', email, now: this.#now() }, 'reset')) return;
    const { email: address } = this.#state as SignedOutState;
    void this.#run(
      (client, signal) => client.requestPasswordReset(address, signal),
      () => this.dispatch({ type: 'reset-sent' }),
    );
  }

  changeIdentifier(): void {
    this.#abort();
    this.dispatch({ type: 'change-identifier' });
  }

  openForgot(): void {
    this.#abort();
    this.dispatch({ type: 'open-forgot' });
  }

  backToSignIn(): void {
    this.#abort();
    this.dispatch({ type: 'back-to-sign-in' });
  }

  signOut(): void {
    const before = this.#state;
    const after = this.dispatch({ type: 'sign-out' });
    if (after === before || after.status !== 'signed-in' || after.pending !== 'sign-out') return;
    void this.#run(
      (client, signal) => client.signOut(signal),
      () => {
        this.dispatch({ type: 'signed-out' });
        this.#broadcast();
        this.#options.effects.signedOut();
      },
      () => {
        if (this.#state.status === 'signed-out') this.#options.effects.signedOut();
      },
    );
  }

  /** Dispatches a submit and says whether it started the given call. */
  #starts(action: FlowAction, call: 'identify' | 'sign-in' | 'reset'): boolean {
    const before = this.#state;
    if (before.status !== 'signed-out' || before.pending !== null) return false;
    const after = this.dispatch(action);
    return after.status === 'signed-out' && after.pending === call;
  }

  async #checkSession(): Promise<void> {
    const delays = this.#options.checkRetryDelays?.() ?? [1000, 3000];
    await this.#run(
      async (client, signal) => {
        // Tried at most three times, with a growing wait: a blip is not "signed out", nor an error.
        for (let attempt = 0; ; attempt += 1) {
          try {
            return await client.session(signal);
          } catch (error) {
            const delay = delays[attempt];
            if (isAbort(error) || delay === undefined || !TRANSIENT.has(toAuthError(error).code)) throw error;
            await sleep(delay, signal);
          }
        }
      },
      (user) => {
        this.dispatch({ type: 'session-checked', user });
        if (user) this.#options.effects.signedIn(user, true);
      },
      undefined,
      (code) => this.dispatch({ type: 'session-check-failed', code }),
    );
  }

  /**
   * Runs one client call. The outcome is applied only if the call was not
   * aborted meanwhile; failures become a `failed` action (or `onError`).
   */
  async #run<T>(
    call: (client: AuthClient, signal: AbortSignal) => Promise<T>,
    onSuccess: (value: T) => void,
    afterFailure?: (code: ReturnType<typeof toAuthError>['code']) => void,
    onError?: (code: ReturnType<typeof toAuthError>['code']) => void,
  ): Promise<void> {
    this.#call?.abort();
    const controller = new AbortController();
    this.#call = controller;
    try {
      const value = await call(this.#options.client(), controller.signal);
      if (controller.signal.aborted) return;
      this.#call = null;
      onSuccess(value);
    } catch (thrown) {
      if (controller.signal.aborted || isAbort(thrown)) return;
      this.#call = null;
      const failure = toAuthError(thrown);
      if (onError) {
        onError(failure.code);
      } else {
        this.dispatch({
          type: 'failed',
          code: failure.code,
          now: this.#now(),
          ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }),
        });
      }
      afterFailure?.(failure.code);
    }
  }

  #abort(): void {
    if (this.#call === null) return;
    this.#call.abort();
    this.#call = null;
    this.dispatch({ type: 'cancelled' });
  }

  #scheduleUnblock(): void {
    clearTimeout(this.#unblockTimer);
    this.#unblockTimer = undefined;
    const state = this.#state;
    if (state.status !== 'signed-out') return;
    const times = [state.blocked.signIn, state.blocked.reset].filter((t): t is number => t !== null);
    if (times.length === 0) return;
    const delay = Math.max(0, Math.min(...times) - this.#now());
    this.#unblockTimer = setTimeout(() => {
      this.#unblockTimer = undefined;
      this.dispatch({ type: 'unblock', now: this.#now() });
      this.#scheduleUnblock();
    }, delay + 50);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
