import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AuthError, isAbort, toAuthError, type AuthClient, type AuthErrorCode, type User } from '../auth/auth-client.js';
import { INITIAL_STATE, next, type FlowAction, type FlowState, type SignedOutState } from './flow.js';

/** What the controller tells its host, besides re-rendering. */
export interface FlowEffects {
  /** Sign-in succeeded, or the session check found a user (`restored`). */
  signedIn(user: User, restored: boolean): void;
  /** The resident signed out, or the server ended the session. */
  signedOut(): void;
  /** Identify sent the resident elsewhere (a URL the policy allowed). Return `false` to stay (the redirect was cancelled). */
  redirect(url: string): boolean;
  /** The password was rejected (or a new one refused): the host clears the password fields. */
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
  /**
   * Read at the first update: show the signed-out flow at once and check the session in the
   * background (a dedicated sign-in page: the form does not wait for the network).
   */
  signedOutFirst?: () => boolean;
  /**
   * Checks identify's redirect URL before the resident is sent there: the absolute URL to
   * follow, or `null` to refuse it (shown as `bad_response`). Default: followed as answered.
   */
  checkRedirect?: (url: string) => string | null;
  /**
   * How long (ms) to wait for a redirect to leave the page. A redirect that does not (the
   * target answered 204, a download) gives the form back after it. Default 10 s.
   */
  redirectRecoveryDelay?: () => number;
}

/** What the resident does (as opposed to answers arriving): ends the "back online" notice. */
const RESIDENT_ACTIONS = /^(submit-|change-|open-|back-|sign-out|recheck)/;

/** Failures of the session check worth trying again: the network or the server may recover. */
const TRANSIENT: readonly AuthErrorCode[] = ['offline', 'network', 'timeout', 'server'];

/**
 * Runs the pure flow reducer for a Lit host: owns the state, calls the
 * {@link AuthClient}, and re-renders the host on every change. One call at a
 * time; every call is aborted when the host leaves the page.
 */
export class FlowController implements ReactiveController {
  state: FlowState = INITIAL_STATE;
  /** `offline` while the browser says so; `restored` from coming back online until the resident acts. */
  connectivity: 'online' | 'offline' | 'restored' = navigator.onLine === false ? 'offline' : 'online';
  readonly #host: ReactiveControllerHost;
  readonly #options: FlowControllerOptions;
  #call: AbortController | null = null;
  #unblockTimer?: ReturnType<typeof setTimeout>;
  /** Aborts the session check's waits and the background re-checks. */
  #lifetime: AbortController | null = null;
  #channel: BroadcastChannel | null = null;
  /** Connected, and the update that follows has not run yet. */
  #connecting = false;
  /** A background session check is under way; `#recheckAfter`: another was asked for meanwhile. */
  #revalidating = false;
  #recheckAfter = false;
  /** Gives the form back when a redirect did not leave the page. */
  #redirectTimer?: ReturnType<typeof setTimeout>;
  /** A reset link's token, held in memory only for the step's two calls: never in the state, storage or an event. */
  #resetToken: string | null = null;

  constructor(host: ReactiveControllerHost, options: FlowControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#lifetime = new AbortController();
    const listening = { signal: this.#lifetime.signal };
    const onConnectivity = (): void => {
      const online = navigator.onLine !== false;
      this.connectivity = !online ? 'offline' : this.connectivity === 'offline' ? 'restored' : this.connectivity;
      this.#host.requestUpdate();
      if (online && this.state.status === 'check-failed') this.recheck();
      else if (online) this.revalidate();
    };
    addEventListener('online', onConnectivity, listening);
    addEventListener('offline', onConnectivity, listening);
    // Back from the back-forward cache (e.g. Back after signing out, or from an external
    // sign-in): the view may be stale, and a redirect under way has ended.
    addEventListener(
      'pageshow',
      (event) => {
        if (!event.persisted) return;
        this.#redirectEnded();
        this.revalidate();
      },
      listening,
    );
    // The channel and the session check wait for the next update: a framework may set
    // `auth` just after connecting (and a move in the page needs no other update).
    this.#connecting = true;
    this.#host.requestUpdate();
    this.#scheduleUnblock();
  }

  hostUpdate(): void {
    const lifetime = this.#lifetime;
    if (!this.#connecting || !lifetime) return;
    this.#connecting = false;
    const listening = { signal: lifetime.signal };
    const channel = this.#options.channel?.() ?? null;
    if (channel !== null && typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(channel);
      this.#channel.addEventListener('message', () => this.revalidate(), listening);
    } else if (channel !== null) {
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.revalidate(), listening);
    }
    if (this.#resetToken !== null) {
      // A reset link: check its token; the session is checked behind it.
      this.#verifyReset();
      this.revalidate();
      return;
    }
    if (this.state.status !== 'checking') return;
    if (this.#options.signedOutFirst?.()) {
      // A failed background check changes nothing: the resident can still sign in.
      this.dispatch({ type: 'start-signed-out' });
      this.revalidate();
    } else {
      void this.#checkSession();
    }
  }

  /**
   * The host's client changed (another `auth` adapter or endpoint). While the session check is
   * under way, it starts again with the new client; a settled state stays as it is.
   */
  clientChanged(): void {
    if (this.#lifetime && this.state.status === 'checking' && !this.#connecting) void this.#checkSession();
  }

  hostDisconnected(): void {
    this.#abort();
    this.#lifetime?.abort();
    this.#lifetime = null;
    this.#channel?.close();
    this.#channel = null;
    clearTimeout(this.#unblockTimer);
    clearTimeout(this.#redirectTimer);
  }

  /**
   * Checks the session again in the background (another tab signed in or out,
   * the page came back from the bfcache, the network came back). Never while a
   * call is under way; a failure changes nothing. One check at a time: asked again
   * while one runs (a burst of messages from other tabs), one more follows it.
   */
  revalidate(): void {
    const lifetime = this.#lifetime;
    const before = this.state;
    if (!lifetime || this.#call || before.status === 'checking' || ('pending' in before && before.pending)) return;
    if (this.#revalidating) {
      this.#recheckAfter = true;
      return;
    }
    this.#revalidating = true;
    this.#options
      .client()
      .session(lifetime.signal)
      .then((user) => {
        if (lifetime.signal.aborted || this.#call) return;
        const after = this.dispatch({ type: 'session-revalidated', user });
        if (after.status === 'signed-in' && before.status !== 'signed-in') this.#options.effects.signedIn(after.user, true);
        if (after.status === 'signed-out' && before.status === 'signed-in') this.#options.effects.signedOut();
      }, () => {})
      .finally(() => {
        this.#revalidating = false;
        if (!this.#recheckAfter) return;
        this.#recheckAfter = false;
        this.revalidate();
      });
  }

  dispatch(action: FlowAction): FlowState {
    // "Back online" is said until the resident does something (typing does not count).
    if (this.connectivity === 'restored' && RESIDENT_ACTIONS.test(action.type)) this.connectivity = 'online';
    const after = next(this.state, action);
    if (after !== this.state) {
      this.state = after;
      this.#host.requestUpdate();
      this.#scheduleUnblock();
    }
    return after;
  }

  /** Checks the session again (after a failed check). */
  recheck(): void {
    if (this.dispatch({ type: 'recheck' }).status === 'checking') void this.#checkSession();
  }

  editRemember(value: boolean): void {
    this.dispatch({ type: 'edit-remember', value });
  }

  submitIdentifier(identifier: string): void {
    const state = this.#start({ type: 'submit-identifier', identifier, now: this.#now() }, 'identify');
    if (!state) return;
    void this.#run(
      (client, signal) => client.identify(state.identifier, signal),
      (answer) => {
        let result = answer;
        if (result.next === 'redirect') {
          // A redirect the policy refuses is an answer the contract does not allow.
          const url = this.#options.checkRedirect ? this.#options.checkRedirect(result.url) : result.url;
          if (url === null) return this.dispatch({ type: 'failed', code: 'bad_response', now: this.#now() });
          result = { next: 'redirect', url };
        }
        const after = this.dispatch({ type: 'identified', result });
        if (after.status !== 'signed-out' || after.pending !== 'redirect') return;
        if (!this.#options.effects.redirect(after.redirectUrl!)) return this.dispatch({ type: 'cancelled' });
        // Still here after a while (the target answered 204): the form works again.
        clearTimeout(this.#redirectTimer);
        this.#redirectTimer = setTimeout(() => this.#redirectEnded(), this.#options.redirectRecoveryDelay?.() ?? 10_000);
      },
    );
  }

  /** Signs in with the values read from the form at submit time. */
  submitPassword(identifier: string, password: string, remember: boolean): void {
    const state = this.#start({ type: 'submit-password', identifier, hasPassword: password !== '', remember, now: this.#now() }, 'sign-in');
    if (!state) return;
    void this.#run(
      (client, signal) => client.signIn({ username: state.identifier, password, remember }, signal),
      (user) => {
        this.dispatch({ type: 'signed-in', user });
        this.#channel?.postMessage('session-changed');
        this.#options.effects.signedIn(user, false);
      },
      (code) => code === 'invalid_credentials' && this.#options.effects.passwordRejected(),
    );
  }

  submitReset(email: string): void {
    const state = this.#start({ type: 'submit-reset', email, now: this.#now() }, 'reset');
    if (!state) return;
    void this.#run(
      (client, signal) => client.requestPasswordReset(state.email, signal),
      () => this.dispatch({ type: 'reset-sent' }),
    );
  }

  /**
   * A reset link was opened with this token: the set-new-password step checks it. Returns
   * `false` (and forgets the token) when the resident is signed in.
   */
  openResetLink(token: string): boolean {
    if (this.state.status === 'signed-in') return false;
    this.#abort();
    this.#resetToken = token;
    this.dispatch({ type: 'reset-link-opened' });
    // Before the first update, the token waits for it (an `auth` adapter may still be set).
    if (!this.#connecting && this.#lifetime) this.#verifyReset();
    return true;
  }

  #verifyReset(): void {
    const token = this.#resetToken;
    const state = this.state;
    if (token === null || state.status !== 'signed-out' || state.pending !== 'verify') return;
    void this.#run(
      (client, signal) => {
        if (!client.verifyPasswordReset) throw new AuthError('unexpected');
        return client.verifyPasswordReset(token, signal);
      },
      (ticket) => this.dispatch({ type: 'reset-verified', ticket }),
      (code) => this.#forgetDeadToken(code),
    );
  }

  /** Sets the new password, typed twice (only the first is sent). */
  submitNewPassword(password: string, confirmation: string): void {
    const token = this.#resetToken;
    const action = { type: 'submit-new-password', hasPassword: password !== '', matches: password === confirmation, now: this.#now() } as const;
    const state = token === null ? null : this.#start(action, 'set-password');
    if (!state || token === null) return;
    void this.#run(
      (client, signal) => {
        if (!client.completePasswordReset) throw new AuthError('unexpected');
        return client.completePasswordReset(token, password, signal);
      },
      (user) => {
        this.#resetToken = null;
        this.dispatch({ type: 'password-set', user });
        if (!user) return;
        this.#channel?.postMessage('session-changed');
        this.#options.effects.signedIn(user, false);
      },
      (code) => {
        this.#forgetDeadToken(code);
        if (code === 'weak_password' || code === 'breached_password') this.#options.effects.passwordRejected();
      },
    );
  }

  /** Whether the reset link's token is still held (it was not refused), so checking it can be tried again. */
  get canRetryResetLink(): boolean {
    return this.#resetToken !== null;
  }

  /** Checks the reset link's token again (after the network or the server failed). */
  retryResetLink(): void {
    const token = this.#resetToken;
    if (token !== null) this.openResetLink(token);
  }

  /** From a link that cannot be used: the forgot step, to send a new one. */
  requestNewLink(): void {
    this.#abort();
    this.#resetToken = null;
    this.dispatch({ type: 'request-new-link' });
  }

  #forgetDeadToken(code: AuthErrorCode): void {
    if (code === 'invalid_token' || code === 'expired_token') this.#resetToken = null;
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
    this.#resetToken = null;
    this.dispatch({ type: 'back-to-sign-in' });
  }

  signOut(): void {
    const before = this.state;
    const after = this.dispatch({ type: 'sign-out' });
    if (after === before || after.status !== 'signed-in') return;
    void this.#run(
      (client, signal) => client.signOut(signal),
      () => {
        this.dispatch({ type: 'signed-out' });
        this.#channel?.postMessage('session-changed');
        this.#options.effects.signedOut();
      },
      () => this.state.status === 'signed-out' && this.#options.effects.signedOut(),
    );
  }

  /** Dispatches a submit; returns the new state if it started the given call. */
  #start(action: FlowAction, call: SignedOutState['pending']): SignedOutState | null {
    const before = this.state;
    if (before.status !== 'signed-out' || before.pending) return null;
    const after = this.dispatch(action);
    return after.status === 'signed-out' && after.pending === call ? after : null;
  }

  #checkSession(): Promise<void> {
    const delays = this.#options.checkRetryDelays?.() ?? [1000, 3000];
    return this.#run(
      async (client, signal) => {
        // Tried at most three times, with a growing wait: a blip is not "signed out", nor an error.
        for (let attempt = 0; ; attempt++) {
          try {
            return await client.session(signal);
          } catch (error) {
            const delay = delays[attempt];
            if (isAbort(error) || delay === undefined || !TRANSIENT.includes(toAuthError(error).code)) throw error;
            await new Promise((resolve, reject) => {
              const timer = setTimeout(resolve, delay);
              signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
            });
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
    afterFailure?: (code: AuthErrorCode) => void,
    onError?: (code: AuthErrorCode) => void,
  ): Promise<void> {
    this.#call?.abort();
    const controller = (this.#call = new AbortController());
    try {
      const value = await call(this.#options.client(), controller.signal);
      if (controller.signal.aborted) return;
      this.#call = null;
      onSuccess(value);
    } catch (thrown) {
      if (controller.signal.aborted || isAbort(thrown)) return;
      this.#call = null;
      const { code, retryAfterSeconds, rule } = toAuthError(thrown);
      if (onError) onError(code);
      else {
        this.dispatch({
          type: 'failed',
          code,
          now: this.#now(),
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
          ...(rule === undefined ? {} : { rule }),
        });
      }
      afterFailure?.(code);
    }
  }

  /** A redirect under way did not leave the page, or the page came back: the form works again. */
  #redirectEnded(): void {
    clearTimeout(this.#redirectTimer);
    const state = this.state;
    if (state.status === 'signed-out' && state.pending === 'redirect') this.dispatch({ type: 'cancelled' });
  }

  #abort(): void {
    if (!this.#call) return;
    this.#call.abort();
    this.#call = null;
    this.dispatch({ type: 'cancelled' });
  }

  /** Wakes the flow when the first 429 wait ends. */
  #scheduleUnblock(): void {
    clearTimeout(this.#unblockTimer);
    const state = this.state;
    if (state.status !== 'signed-out') return;
    const times = [state.blocked.signIn, state.blocked.reset].filter((time) => time !== null);
    if (times.length === 0) return;
    this.#unblockTimer = setTimeout(
      () => {
        this.dispatch({ type: 'unblock', now: this.#now() });
        this.#scheduleUnblock();
      },
      Math.max(0, Math.min(...times) - this.#now()) + 50,
    );
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
