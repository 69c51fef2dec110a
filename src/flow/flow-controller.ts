import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, toAuthError, type AuthClient, type User } from '../auth/auth-client.js';
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
}

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

  hostConnected(): void {
    if (this.#state.status === 'checking') void this.#checkSession();
    this.#scheduleUnblock();
  }

  hostDisconnected(): void {
    this.#abort();
    clearTimeout(this.#unblockTimer);
    this.#unblockTimer = undefined;
  }

  /** Renders by status, like `Task.render()`. */
  render<T>(cases: RenderCases<T>): T {
    const state = this.#state;
    return (cases[state.status] as (s: FlowState) => T)(state);
  }

  dispatch(action: FlowAction): FlowState {
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
    await this.#run(
      (client, signal) => client.session(signal),
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
