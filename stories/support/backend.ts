/**
 * The stories' mock auth backend: THE one mock (mock/backend.ts) behind the
 * same msw handlers as the demo and the tests (mock/msw.ts). Every story
 * gets a fresh `MockAuthBackend` (its own faults, no failed attempts left over from
 * the story before), chosen by `parameters.backend`.
 */
import {
  DEMO_ACCOUNTS,
  MockAuthBackend,
  SESSION_COOKIE,
  type Faults,
  type MockBackendOptions,
  type MockRequest,
  type MockResponse,
} from '../../mock/backend.js';

export interface BackendParameters {
  /** Failures to switch on for one call each, e.g. `{ login: 'server-error' }`. */
  faults?: Faults;
  /** `signed-in`: the session cookie of Erkki Esimerkki is set before the element checks the session. Default: signed out. */
  session?: 'signed-in' | 'signed-out';
  /** Runs against the fresh backend before the story renders (e.g. earlier failed attempts). */
  prime?: (backend: MockAuthBackend) => void;
  /** The page is opened from a reset link with this token (`#reset-token=…`). */
  resetToken?: string;
  /** Setting a new password answers 204 (sign in yourself) instead of signing in. */
  resetWithoutSignIn?: boolean;
  /** Issue 17: sessions end this many seconds after they start (or are first seen) or are continued; unset: never. */
  sessionSeconds?: number;
}

/** One instance for the msw handlers, whose behaviour is replaced for every story. */
export class StoryBackend extends MockAuthBackend {
  #current = new MockAuthBackend();

  /** Starts a story: a fresh backend with these options. */
  use(options: MockBackendOptions = {}): MockAuthBackend {
    this.#current = new MockAuthBackend(options);
    return this.#current;
  }

  override reset(): void {
    this.#current.reset();
  }

  override handle(request: MockRequest): MockResponse {
    return this.#current.handle(request);
  }

  /** What the msw handlers call (passkey calls included): the story's backend answers. */
  override respond(request: MockRequest): Promise<MockResponse> {
    return this.#current.respond(request);
  }
}

export const ERKKI = DEMO_ACCOUNTS[0]!;

/** Signs Erkki in as the handlers would (msw sets the cookie on `document.cookie`). */
export function setSessionCookie(username = ERKKI.username): void {
  document.cookie = `${SESSION_COOKIE}=${encodeURIComponent(username)}; path=/; SameSite=Lax`;
}

export function clearSessionCookie(): void {
  document.cookie = `${SESSION_COOKIE}=; path=/; Max-Age=0; SameSite=Lax`;
}
