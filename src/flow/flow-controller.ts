import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AuthError, type AuthErrorCode } from '../auth/auth-client.js';
import type { FlowAction, SignedOutState } from './flow.js';
import type { SessionController } from './session-controller.js';
import { stepNext } from './steps.js';

/** What the steps tell their host, besides re-rendering. */
export interface FlowEffects {
  /** Identify sent the resident elsewhere (a URL the policy allowed). Return `false` to stay (the redirect was cancelled). */
  redirect(url: string): boolean;
  /** The password was rejected (or a new one refused): the host clears the password fields. */
  passwordRejected(): void;
}

export interface FlowControllerOptions {
  effects: FlowEffects;
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

/**
 * What a signed-out resident does in the form: identify, password, forgot, a reset link's new
 * password. It loads with the form and extends the host's {@link SessionController}, which owns
 * the state and runs the calls (one at a time).
 */
export class FlowController implements ReactiveController {
  readonly #session: SessionController;
  readonly #options: FlowControllerOptions;
  #unblockTimer?: ReturnType<typeof setTimeout>;
  /** Gives the form back when a redirect did not leave the page. */
  #redirectTimer?: ReturnType<typeof setTimeout>;
  /** A reset link's token, held in memory only for the step's two calls: never in the state, storage or an event. */
  #resetToken: string | null = null;

  constructor(host: ReactiveControllerHost, session: SessionController, options: FlowControllerOptions) {
    this.#session = session;
    this.#options = options;
    session.extend({ next: stepNext, changed: () => this.#scheduleUnblock(), pageShown: () => this.#redirectEnded() });
    host.addController(this);
  }

  get state() {
    return this.#session.state;
  }

  hostConnected(): void {
    this.#scheduleUnblock();
  }

  hostDisconnected(): void {
    clearTimeout(this.#unblockTimer);
    clearTimeout(this.#redirectTimer);
  }

  dispatch(action: FlowAction) {
    return this.#session.dispatch(action);
  }

  editRemember(value: boolean): void {
    this.dispatch({ type: 'edit-remember', value });
  }

  submitIdentifier(identifier: string): void {
    const state = this.#start({ type: 'submit-identifier', identifier, now: this.#session.now() }, 'identify');
    if (!state) return;
    void this.#session.run(
      (client, signal) => client.identify(state.identifier, signal),
      (answer) => {
        let result = answer;
        if (result.next === 'redirect') {
          // A redirect the policy refuses is an answer the contract does not allow.
          const url = this.#options.checkRedirect ? this.#options.checkRedirect(result.url) : result.url;
          if (url === null) return this.dispatch({ type: 'failed', code: 'bad_response', now: this.#session.now() });
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
    const action = { type: 'submit-password', identifier, hasPassword: password !== '', remember, now: this.#session.now() } as const;
    const state = this.#start(action, 'sign-in');
    if (!state) return;
    void this.#session.run(
      (client, signal) => client.signIn({ username: state.identifier, password, remember }, signal),
      (user) => {
        this.dispatch({ type: 'signed-in', user });
        this.#session.signedIn(user);
      },
      (code) => code === 'invalid_credentials' && this.#options.effects.passwordRejected(),
    );
  }

  submitReset(email: string): void {
    const state = this.#start({ type: 'submit-reset', email, now: this.#session.now() }, 'reset');
    if (!state) return;
    void this.#session.run(
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
    this.#session.abort();
    this.#resetToken = token;
    this.dispatch({ type: 'reset-link-opened' });
    this.#verifyReset();
    return true;
  }

  #verifyReset(): void {
    const token = this.#resetToken;
    const state = this.state;
    if (token === null || state.status !== 'signed-out' || state.pending !== 'verify') return;
    void this.#session.run(
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
    const action = {
      type: 'submit-new-password',
      hasPassword: password !== '',
      matches: password === confirmation,
      now: this.#session.now(),
    } as const;
    const state = token === null ? null : this.#start(action, 'set-password');
    if (!state || token === null) return;
    void this.#session.run(
      (client, signal) => {
        if (!client.completePasswordReset) throw new AuthError('unexpected');
        return client.completePasswordReset(token, password, signal);
      },
      (user) => {
        this.#resetToken = null;
        this.dispatch({ type: 'password-set', user });
        if (user) this.#session.signedIn(user);
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
    this.#session.abort();
    this.#resetToken = null;
    this.dispatch({ type: 'request-new-link' });
  }

  #forgetDeadToken(code: AuthErrorCode): void {
    if (code === 'invalid_token' || code === 'expired_token') this.#resetToken = null;
  }

  changeIdentifier(): void {
    this.#session.abort();
    this.dispatch({ type: 'change-identifier' });
  }

  openForgot(): void {
    this.#session.abort();
    this.dispatch({ type: 'open-forgot' });
  }

  backToSignIn(): void {
    this.#session.abort();
    this.#resetToken = null;
    this.dispatch({ type: 'back-to-sign-in' });
  }

  /** Dispatches a submit; returns the new state if it started the given call. */
  #start(action: FlowAction, call: SignedOutState['pending']): SignedOutState | null {
    const before = this.state;
    if (before.status !== 'signed-out' || before.pending) return null;
    const after = this.dispatch(action);
    return after.status === 'signed-out' && after.pending === call ? after : null;
  }

  /** A redirect under way did not leave the page, or the page came back: the form works again. */
  #redirectEnded(): void {
    clearTimeout(this.#redirectTimer);
    const state = this.state;
    if (state.status === 'signed-out' && state.pending === 'redirect') this.dispatch({ type: 'cancelled' });
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
        this.dispatch({ type: 'unblock', now: this.#session.now() });
        this.#scheduleUnblock();
      },
      Math.max(0, Math.min(...times) - this.#session.now()) + 50,
    );
  }
}
