import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, toAuthError, type AuthClient, type AuthErrorCode, type User } from '../auth/auth-client.js';
import type { FlowAction, FlowState } from './flow.js';
import { INITIAL_STATE, sessionNext, type StepReducer } from './session.js';
import { clock } from './clock.js';

/** What the controller tells its host, besides re-rendering. */
export interface SessionEffects {
  /** Sign-in succeeded, or a session check found a user (`restored`). */
  signedIn(user: User, restored: boolean): void;
  /**
   * The resident signed out, or the server ended the session. `redirect`: the logout answered
   * where single logout continues (not yet checked against the host's redirect rules).
   */
  signedOut(redirect?: string): void;
}

export interface SessionControllerOptions {
  /** The client to use, read at each call (the host's `auth` property may change). */
  client: () => AuthClient;
  effects: SessionEffects;
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
  /** Seconds before a session's end that the warning shows (0: none, only the end); not a number: 120. */
  warnBefore?: () => number;
}

/** What the signed-out steps (`flow-controller.ts`, loaded with the form) add to the session. */
export interface StepsExtension {
  readonly next: StepReducer;
  /** The state changed. */
  changed(): void;
  /** The page came back from the back-forward cache. */
  pageShown(): void;
}

/** What the resident does (as opposed to answers arriving): ends the "back online" notice. */
const RESIDENT_ACTIONS = /^(submit-|change-|open-|back-|sign-out|recheck)/;

/** Failures of the session check worth trying again: the network or the server may recover. */
const TRANSIENT: readonly AuthErrorCode[] = ['offline', 'network', 'timeout', 'server'];

/**
 * The session, for a Lit host: checks it on load (and again when another tab, the network or
 * the back-forward cache says it may have changed), signs out, and re-renders the host on every
 * change. It runs the client's calls, one at a time, aborted when the host leaves the page.
 * What a signed-out resident does in the form comes later, with the form: `extend()`.
 */
export class SessionController implements ReactiveController {
  state: FlowState = INITIAL_STATE;
  /** `offline` while the browser says so; `restored` from coming back online until the resident acts. */
  connectivity: 'online' | 'offline' | 'restored' = navigator.onLine === false ? 'offline' : 'online';
  /** When the session ends, on this browser's clock (epoch ms); `null`: the client did not say (no warning, no timed end). */
  endsAt: number | null = null;
  /** The end is near: the warning shows (while signed in). */
  warning = false;
  /** The timer of the next moment to check: the warning, or the end. */
  #timer: number | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #options: SessionControllerOptions;
  #steps?: StepsExtension;
  #call?: AbortController | null;
  /** Aborts the session check's waits and the background re-checks. */
  #lifetime: AbortController | null = null;
  #channel?: BroadcastChannel | null;
  /** Connected, and the update that follows has not run yet. */
  #connecting?: boolean;
  /** A background session check is under way; `#recheckAfter`: another was asked for meanwhile. */
  #revalidating?: boolean;
  #recheckAfter?: boolean;

  constructor(host: ReactiveControllerHost, options: SessionControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Whether the first update after connecting has run (the session check has started). */
  get started(): boolean {
    return this.#lifetime !== null && !this.#connecting;
  }

  /** Adds the signed-out steps (once their module has loaded). */
  extend(steps: StepsExtension): void {
    this.#steps = steps;
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
    // Timers stop while a laptop sleeps (and are throttled in the background): the wall clock
    // decides when the page is seen again, so a session that ended meanwhile ends at once.
    addEventListener('focus', this.check, listening);
    document.addEventListener('visibilitychange', this.check, listening);
    // Back from the back-forward cache (e.g. Back after signing out, or from an external
    // sign-in): the view may be stale, and a redirect under way has ended.
    addEventListener(
      'pageshow',
      (event) => {
        if (!event.persisted) return;
        this.check();
        this.#steps?.pageShown();
        this.revalidate();
      },
      listening,
    );
    // The channel and the session check wait for the next update: a framework may set
    // `auth` just after connecting (and a move in the page needs no other update).
    this.#connecting = true;
    this.#host.requestUpdate();
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
    // Back in the page with a session (the element was moved): its end is timed again, from the
    // wall clock (the timer stopped when the element left); one that ended meanwhile ends now.
    if (this.state.status !== 'checking') return this.check();
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
    clock.clearTimeout(this.#timer);
    this.abort();
    this.#lifetime?.abort();
    this.#lifetime = null;
    this.#channel?.close();
    this.#channel = null;
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
      .then(
        (user) => {
          if (lifetime.signal.aborted || this.#call) return;
          const after = this.dispatch({ type: 'session-revalidated', user });
          if (after.status === 'signed-in' && before.status !== 'signed-in') this.#options.effects.signedIn(after.user, true);
          if (after.status === 'signed-out' && before.status === 'signed-in') this.#options.effects.signedOut();
          this.readEnd();
        },
        () => {},
      )
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
    const after = sessionNext(this.state, action, this.#steps?.next);
    if (after !== this.state) {
      this.state = after;
      this.#host.requestUpdate();
      this.#steps?.changed();
    }
    return after;
  }

  /** Checks the session again (after a failed check). */
  recheck(): void {
    if (this.dispatch({ type: 'recheck' }).status === 'checking') void this.#checkSession();
  }

  signOut(): void {
    const before = this.state;
    const after = this.dispatch({ type: 'sign-out' });
    if (after === before || after.status !== 'signed-in') return;
    void this.run(
      (client, signal) => client.signOut(signal),
      (result) => {
        this.dispatch({ type: 'signed-out' });
        this.broadcast();
        this.#options.effects.signedOut(result?.redirect);
      },
      () => this.state.status === 'signed-out' && this.#options.effects.signedOut(),
    );
  }

  /** A sign-in here (the form's): the host is told, and so are the other tabs. */
  signedIn(user: User): void {
    this.readEnd();
    this.broadcast();
    this.#options.effects.signedIn(user, false);
  }

  /** Tells the other tabs that the session changed. */
  broadcast(): void {
    this.#channel?.postMessage('session-changed');
  }

  /**
   * Runs one client call, ending the one under way. The outcome is applied only if the call
   * was not aborted meanwhile; failures become a `failed` action (or `onError`).
   */
  async run<T>(
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
          now: this.now(),
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
          ...(rule === undefined ? {} : { rule }),
        });
      }
      afterFailure?.(code);
    }
  }

  /** Reads when the session ends from the client (after an answer with the user), then {@link check}s. */
  readEnd(): void {
    const signedIn = this.state.status === 'signed-in';
    this.endsAt = (signedIn && this.#options.client().sessionEnd?.()) || null;
    this.check();
  }

  /**
   * Compares the session's end with the wall clock and sets the timer for the next moment (the
   * warning, then the end). Past the end, the resident is signed out here at once (no warning
   * first: a laptop that slept through it), with the `session-expired` notice; each tab decides
   * by the same clock, and the server has ended the session too.
   */
  check = (): void => {
    clock.clearTimeout(this.#timer);
    const before = this.warning;
    const ends = this.state.status === 'signed-in' ? this.endsAt : null;
    const left = ends === null ? NaN : ends - clock.now();
    const seconds = this.#options.warnBefore?.() ?? NaN;
    const warn = (Number.isFinite(seconds) ? Math.max(seconds, 0) : 120) * 1000;
    this.warning = left <= warn;
    if (left <= 0) {
      this.endsAt = null;
      this.warning = false;
      if (this.dispatch({ type: 'session-revalidated', user: null }).status === 'signed-out') this.#options.effects.signedOut();
    } else if (ends !== null) this.#timer = clock.setTimeout(this.check, Math.min(this.warning ? left : left - warn, 2 ** 31 - 1));
    if (this.warning !== before) this.#host.requestUpdate();
  };

  /** Ends the call under way, if any. */
  abort(): void {
    if (!this.#call) return;
    this.#call.abort();
    this.#call = null;
    this.dispatch({ type: 'cancelled' });
  }

  now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** The host's client now (the form's passkeys ask it which methods it has). */
  client(): AuthClient {
    return this.#options.client();
  }

  #checkSession(): Promise<void> {
    const delays = this.#options.checkRetryDelays?.() ?? [1000, 3000];
    return this.run(
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
        this.readEnd();
        if (user) this.#options.effects.signedIn(user, true);
      },
      undefined,
      (code) => this.dispatch({ type: 'session-check-failed', code }),
    );
  }
}
