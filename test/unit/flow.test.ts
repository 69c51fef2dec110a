/**
 * The sign-in flow reducer, without a DOM: every status, every action.
 */
import { expect } from '@open-wc/testing';
import type { AuthErrorCode, User } from '../../src/auth/auth-client.js';
import {
  INITIAL_STATE,
  looksLikeEmail,
  next,
  signedOut,
  type FlowAction,
  type FlowState,
  type SignedOutPending,
  type SignedOutState,
  type Step,
} from '../../src/flow/flow.js';
import { sessionNext } from '../../src/flow/session.js';
import { ERKKI_ACCOUNT } from '../fixtures/accounts.js';

type SignedInState = Extract<FlowState, { status: 'signed-in' }>;
type CheckFailedState = Extract<FlowState, { status: 'check-failed' }>;
type ActionType = FlowAction['type'];

const NOW = 1_700_000_000_000;
const ERKKI: User = ERKKI_ACCOUNT.user;
const VIRVE: User = { name: 'Virve Viranomainen', email: 'virve.viranomainen@espoo.fi' };

/** One example of every action; the type makes sure none is forgotten. */
const SAMPLE: { readonly [T in ActionType]: Extract<FlowAction, { type: T }> } = {
  'session-checked': { type: 'session-checked', user: ERKKI },
  'session-check-failed': { type: 'session-check-failed', code: 'network' },
  recheck: { type: 'recheck' },
  'start-signed-out': { type: 'start-signed-out' },
  'session-revalidated': { type: 'session-revalidated', user: ERKKI },
  edit: { type: 'edit', field: 'identifier', value: 'changed@example.com' },
  'edit-remember': { type: 'edit-remember', value: true },
  'submit-identifier': { type: 'submit-identifier', identifier: 'esimerkki.erkki@example.com', now: NOW },
  identified: { type: 'identified', result: { next: 'password' } },
  'submit-password': {
    type: 'submit-password',
    identifier: 'esimerkki.erkki@example.com',
    hasPassword: true,
    remember: false,
    now: NOW,
  },
  'signed-in': { type: 'signed-in', user: ERKKI },
  'submit-passkey': { type: 'submit-passkey', now: NOW },
  failed: { type: 'failed', code: 'server', now: NOW },
  cancelled: { type: 'cancelled' },
  'change-identifier': { type: 'change-identifier' },
  'open-forgot': { type: 'open-forgot' },
  'back-to-sign-in': { type: 'back-to-sign-in' },
  'submit-reset': { type: 'submit-reset', email: 'esimerkki.erkki@example.com', now: NOW },
  'reset-sent': { type: 'reset-sent' },
  'sign-out': { type: 'sign-out' },
  'signed-out': { type: 'signed-out' },
  unblock: { type: 'unblock', now: NOW },
  'reset-link-opened': { type: 'reset-link-opened' },
  'reset-verified': { type: 'reset-verified', ticket: { username: 'esimerkki.erkki@example.com', policy: { minLength: 10 } } },
  'submit-new-password': { type: 'submit-new-password', hasPassword: true, matches: true, now: NOW },
  'password-set': { type: 'password-set', user: ERKKI },
  'request-new-link': { type: 'request-new-link' },
};
const ALL_TYPES = Object.keys(SAMPLE) as ActionType[];

function except(...types: ActionType[]): ActionType[] {
  return ALL_TYPES.filter((t) => !types.includes(t));
}

function out(overrides: Partial<SignedOutState> = {}): SignedOutState {
  return { ...signedOut(), ...overrides };
}

function signedIn(overrides: Partial<SignedInState> = {}): SignedInState {
  return { status: 'signed-in', user: ERKKI, pending: null, error: null, ...overrides };
}

function run(state: FlowState, ...actions: FlowAction[]): FlowState {
  return actions.reduce(next, state);
}

function asOut(state: FlowState): SignedOutState {
  expect(state.status).to.equal('signed-out');
  return state as SignedOutState;
}

function asIn(state: FlowState): SignedInState {
  expect(state.status).to.equal('signed-in');
  return state as SignedInState;
}

function submitIdentifier(identifier: string, now = NOW): FlowAction {
  return { type: 'submit-identifier', identifier, now };
}

function submitPassword(hasPassword = true, now = NOW, identifier = '', remember = false): FlowAction {
  return { type: 'submit-password', identifier, hasPassword, remember, now };
}

function submitReset(email: string, now = NOW): FlowAction {
  return { type: 'submit-reset', email, now };
}

function failed(code: AuthErrorCode, now = NOW, retryAfterSeconds?: number): FlowAction {
  return { type: 'failed', code, now, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
}

/** A resident on step 2 having typed Erkki's address. */
const ON_PASSWORD = out({ step: 'password', identifier: 'esimerkki.erkki@example.com' });

describe('flow: initial states', () => {
  it('should start by checking the session', () => {
    expect(INITIAL_STATE.status).to.equal('checking');
  });

  it('should give a fresh signed-out flow on step 1 with nothing typed, pending or blocked', () => {
    const state = signedOut();
    expect(state.status).to.equal('signed-out');
    expect(state.step).to.equal('identify');
    expect(state.identifier).to.equal('');
    expect(state.email).to.equal('');
    expect(state.remember).to.equal(false);
    expect(state.pending).to.equal(null);
    expect(state.redirectUrl).to.equal(null);
    expect(state.error).to.equal(null);
    expect(state.notice).to.equal(null);
    expect(state.blocked.signIn).to.equal(null);
    expect(state.blocked.reset).to.equal(null);
  });

  it('should carry the notice given to signedOut()', () => {
    expect(signedOut('session-expired').notice).to.equal('session-expired');
  });
});

describe('flow: looksLikeEmail', () => {
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['esimerkki.erkki@example.com', true],
    ['virve.viranomainen@espoo.fi', true],
    ['virve.viranomainen', false],
    ['erkki@localhost', false],
    ['@example.com', false],
    ['erkki@', false],
    ['erkki esimerkki@example.com', false],
    ['', false],
  ];
  for (const [value, expected] of cases) {
    it(`should say ${expected} for "${value}"`, () => {
      expect(looksLikeEmail(value)).to.equal(expected);
    });
  }
});

describe('flow: checking', () => {
  it('should sign in when the session check finds a user', () => {
    const state = asIn(next(INITIAL_STATE, { type: 'session-checked', user: VIRVE }));
    expect(state.user.name).to.equal('Virve Viranomainen');
    expect(state.user.email).to.equal('virve.viranomainen@espoo.fi');
    expect(state.pending).to.equal(null);
    expect(state.error).to.equal(null);
  });

  it('should go to step 1 without a notice when there is no session', () => {
    const state = asOut(next(INITIAL_STATE, { type: 'session-checked', user: null }));
    expect(state.step).to.equal('identify');
    expect(state.notice).to.equal(null);
    expect(state.error).to.equal(null);
  });

  const codes: AuthErrorCode[] = ['network', 'offline', 'timeout', 'server', 'bad_response', 'unexpected'];
  for (const code of codes) {
    it(`should fail the check with "${code}" and no field`, () => {
      const state = next(INITIAL_STATE, { type: 'session-check-failed', code });
      expect(state.status).to.equal('check-failed');
      const { error } = state as CheckFailedState;
      expect(error.code).to.equal(code);
      expect(error.field).to.equal(null);
      expect(error.seq).to.equal(1);
    });
  }

  it('should take a revalidated session like a checked one', () => {
    expect(next(INITIAL_STATE, { type: 'session-revalidated', user: ERKKI }).status).to.equal('signed-in');
    expect(asOut(next(INITIAL_STATE, { type: 'session-revalidated', user: null })).notice).to.equal(null);
  });

  it('should start signed out at step 1 on a dedicated sign-in page (the check runs behind it)', () => {
    const state = asOut(next(INITIAL_STATE, { type: 'start-signed-out' }));
    expect(state).to.deep.equal(signedOut());
  });

  for (const type of except('session-checked', 'session-check-failed', 'session-revalidated', 'start-signed-out', 'reset-link-opened')) {
    it(`should ignore "${type}" (same state object)`, () => {
      const state: FlowState = { status: 'checking' };
      expect(next(state, SAMPLE[type]) === state).to.equal(true);
    });
  }
});

describe('flow: check-failed', () => {
  const failedCheck = next(INITIAL_STATE, { type: 'session-check-failed', code: 'timeout' });

  it('should check again on recheck', () => {
    expect(next(failedCheck, { type: 'recheck' }).status).to.equal('checking');
  });

  it('should fail again after a recheck that fails', () => {
    const state = run(failedCheck, { type: 'recheck' }, { type: 'session-check-failed', code: 'server' });
    expect(state.status).to.equal('check-failed');
    expect((state as CheckFailedState).error.code).to.equal('server');
  });

  it('should leave the failure when a later check succeeds (back online, another tab)', () => {
    expect(next(failedCheck, { type: 'session-revalidated', user: ERKKI }).status).to.equal('signed-in');
    expect(next(failedCheck, { type: 'session-revalidated', user: null }).status).to.equal('signed-out');
  });

  for (const type of except('recheck', 'session-revalidated', 'reset-link-opened')) {
    it(`should ignore "${type}" (same state object)`, () => {
      expect(next(failedCheck, SAMPLE[type]) === failedCheck).to.equal(true);
    });
  }
});

describe('flow: session revalidated (another tab, back-forward cache)', () => {
  const signedIn: FlowState = { status: 'signed-in', user: ERKKI, pending: null, error: null };

  it('should sign out with "session-expired" when the session is gone', () => {
    const state = asOut(next(signedIn, { type: 'session-revalidated', user: null }));
    expect(state.notice).to.equal('session-expired');
    expect(state.step).to.equal('identify');
  });

  it('should keep the same state object when the same user is still signed in', () => {
    expect(next(signedIn, { type: 'session-revalidated', user: { ...ERKKI } }) === signedIn).to.equal(true);
  });

  it('should show another user who signed in elsewhere', () => {
    const state = next(signedIn, { type: 'session-revalidated', user: VIRVE });
    expect(state.status === 'signed-in' && state.user.email).to.equal(VIRVE.email);
  });

  it('should not interrupt a sign-out under way', () => {
    const signingOut: FlowState = { ...signedIn, pending: 'sign-out' };
    expect(next(signingOut, { type: 'session-revalidated', user: null }) === signingOut).to.equal(true);
  });

  it('should sign in a signed-out flow when a session appeared, but not mid-call', () => {
    expect(next(out(), { type: 'session-revalidated', user: ERKKI }).status).to.equal('signed-in');
    const busy = out({ pending: 'sign-in' });
    expect(next(busy, { type: 'session-revalidated', user: ERKKI }) === busy).to.equal(true);
    const idle = out();
    expect(next(idle, { type: 'session-revalidated', user: null }) === idle).to.equal(true);
  });
});

describe('flow: editing', () => {
  const steps: Step[] = ['identify', 'password', 'forgot', 'forgot-sent'];
  const pendings: Array<SignedOutPending | null> = [null, 'identify', 'sign-in', 'reset', 'redirect'];

  for (const step of steps) {
    for (const pending of pendings) {
      it(`should keep what is typed on step "${step}" with pending ${String(pending)}`, () => {
        const before = out({ step, pending });
        const a = asOut(next(before, { type: 'edit', field: 'identifier', value: 'virve.viranomainen' }));
        expect(a.identifier).to.equal('virve.viranomainen');
        expect(a.step).to.equal(step);
        expect(a.pending).to.equal(pending);
        const b = asOut(next(a, { type: 'edit', field: 'email', value: 'virve@espoo.fi' }));
        expect(b.email).to.equal('virve@espoo.fi');
        expect(b.identifier).to.equal('virve.viranomainen');
        const c = asOut(next(b, { type: 'edit-remember', value: true }));
        expect(c.remember).to.equal(true);
        expect(asOut(next(c, { type: 'edit-remember', value: false })).remember).to.equal(false);
      });
    }
  }

  it('should keep an edited value as typed (not trimmed)', () => {
    const state = asOut(next(out(), { type: 'edit', field: 'identifier', value: '  erkki ' }));
    expect(state.identifier).to.equal('  erkki ');
  });

  it('should clear a "required" error once something is typed (the field is fixed), and not for blanks', () => {
    const withError = asOut(next(out(), submitIdentifier('')));
    expect(asOut(next(withError, { type: 'edit', field: 'identifier', value: '  ' })).error?.code).to.equal('identifier_required');
    expect(asOut(next(withError, { type: 'edit', field: 'identifier', value: 'e' })).error).to.equal(null);
  });

  it('should keep an invalid-email error while the address is still not one, and clear it when it is', () => {
    const forgot = asOut(next(out(), { type: 'open-forgot' }));
    const withError = asOut(next(forgot, { type: 'submit-reset', email: 'erkki@', now: NOW }));
    expect(withError.error?.code).to.equal('email_invalid');
    expect(asOut(next(withError, { type: 'edit', field: 'email', value: 'erkki@example' })).error?.code).to.equal('email_invalid');
    expect(asOut(next(withError, { type: 'edit', field: 'email', value: 'erkki@example.com' })).error).to.equal(null);
  });

  it('should not clear an error of another field, nor one the server gave', () => {
    const wrong = out({ step: 'password', error: { code: 'invalid_credentials', field: 'password', seq: 1 } });
    expect(asOut(next(wrong, { type: 'edit', field: 'identifier', value: 'e' })).error).to.equal(wrong.error);
    const unknown = out({ step: 'forgot', error: { code: 'delivery_failed', field: null, seq: 2 } });
    expect(asOut(next(unknown, { type: 'edit', field: 'email', value: 'erkki@example.com' })).error).to.equal(unknown.error);
  });
});

describe('flow: step 1, submit-identifier', () => {
  for (const typed of ['', ' ', '   ', '\t\n ']) {
    it(`should refuse ${JSON.stringify(typed)} with identifier_required on the identifier field`, () => {
      const state = asOut(next(out(), submitIdentifier(typed)));
      expect(state.pending).to.equal(null);
      expect(state.step).to.equal('identify');
      expect(state.identifier).to.equal('');
      expect(state.error?.code).to.equal('identifier_required');
      expect(state.error?.field).to.equal('identifier');
      expect(state.error?.seq).to.equal(1);
    });
  }

  const accepted: ReadonlyArray<readonly [string, string]> = [
    ['esimerkki.erkki@example.com', 'esimerkki.erkki@example.com'],
    ['  esimerkki.erkki@example.com \n', 'esimerkki.erkki@example.com'],
    ['virve.viranomainen', 'virve.viranomainen'],
    ['\tx ', 'x'],
  ];
  for (const [typed, stored] of accepted) {
    it(`should start identify for ${JSON.stringify(typed)} and keep "${stored}"`, () => {
      const state = asOut(next(out(), submitIdentifier(typed)));
      expect(state.pending).to.equal('identify');
      expect(state.identifier).to.equal(stored);
      expect(state.step).to.equal('identify');
      expect(state.error).to.equal(null);
    });
  }

  it('should clear a previous error and notice when the call starts', () => {
    const before = out({ notice: 'signed-out', error: { code: 'identifier_required', field: 'identifier', seq: 3 } });
    const state = asOut(next(before, submitIdentifier('erkki')));
    expect(state.error).to.equal(null);
    expect(state.notice).to.equal(null);
  });

  it('should clear a notice when refusing empty input', () => {
    const state = asOut(next(out({ notice: 'session-expired' }), submitIdentifier('')));
    expect(state.notice).to.equal(null);
    expect(state.error?.code).to.equal('identifier_required');
  });

  it('should raise seq on every repeated error so it is announced again', () => {
    const first = asOut(next(out(), submitIdentifier('')));
    const second = asOut(next(first, submitIdentifier('')));
    const third = asOut(next(second, submitIdentifier(' ')));
    expect(first.error?.seq).to.equal(1);
    expect(second.error?.seq).to.equal(2);
    expect(third.error?.seq).to.equal(3);
    expect(third.error?.code).to.equal('identifier_required');
    expect(first !== second).to.equal(true);
  });
});

describe('flow: identified', () => {
  const identifying = asOut(next(out(), submitIdentifier('esimerkki.erkki@example.com')));

  it('should go to the password step when identify answers password', () => {
    const state = asOut(next(identifying, { type: 'identified', result: { next: 'password' } }));
    expect(state.step).to.equal('password');
    expect(state.pending).to.equal(null);
    expect(state.identifier).to.equal('esimerkki.erkki@example.com');
    expect(state.error).to.equal(null);
    expect(state.redirectUrl).to.equal(null);
  });

  it('should set pending redirect and the url when identify answers redirect', () => {
    const url = 'https://sso.espoo.fi/login';
    const state = asOut(next(identifying, { type: 'identified', result: { next: 'redirect', url } }));
    expect(state.pending).to.equal('redirect');
    expect(state.redirectUrl).to.equal(url);
    expect(state.step).to.equal('identify');
    expect(state.error).to.equal(null);
  });

  it('should clear the redirect when it is cancelled, keeping the identifier', () => {
    const redirecting = next(identifying, { type: 'identified', result: { next: 'redirect', url: 'https://x.fi/' } });
    const state = asOut(next(redirecting, { type: 'cancelled' }));
    expect(state.pending).to.equal(null);
    expect(state.redirectUrl).to.equal(null);
    expect(state.identifier).to.equal('esimerkki.erkki@example.com');
    expect(state.step).to.equal('identify');
  });

  const notIdentifying: Array<SignedOutPending | null> = [null, 'sign-in', 'reset', 'redirect'];
  for (const pending of notIdentifying) {
    it(`should ignore identified when pending is ${String(pending)} (same state object)`, () => {
      const state = out({ step: 'password', pending });
      expect(next(state, { type: 'identified', result: { next: 'password' } }) === state).to.equal(true);
      expect(next(state, { type: 'identified', result: { next: 'redirect', url: 'https://x.fi/' } }) === state).to.equal(true);
    });
  }
});

describe('flow: step 2, submit-password', () => {
  it('should refuse an empty password with password_required on the password field', () => {
    const state = asOut(next(ON_PASSWORD, submitPassword(false)));
    expect(state.pending).to.equal(null);
    expect(state.error?.code).to.equal('password_required');
    expect(state.error?.field).to.equal('password');
    expect(state.step).to.equal('password');
  });

  it('should start sign-in with a password, taking remember from the form', () => {
    const state = asOut(next(ON_PASSWORD, submitPassword(true, NOW, '', true)));
    expect(state.pending).to.equal('sign-in');
    expect(state.remember).to.equal(true);
    expect(state.error).to.equal(null);
    expect(state.identifier).to.equal('esimerkki.erkki@example.com');
  });

  const identifiers: ReadonlyArray<readonly [string, string]> = [
    ['', 'esimerkki.erkki@example.com'],
    ['   ', 'esimerkki.erkki@example.com'],
    ['  virve.viranomainen  ', 'virve.viranomainen'] as const,
  ];
  for (const [typed, used] of identifiers) {
    it(`should use "${used}" when the form's identifier is ${JSON.stringify(typed)}`, () => {
      const state = asOut(next(ON_PASSWORD, submitPassword(true, NOW, typed)));
      expect(state.identifier).to.equal(used);
      expect(state.pending).to.equal('sign-in');
    });
  }

  it('should clear a notice and the previous error on submit', () => {
    const before = out({ ...ON_PASSWORD, notice: 'retry-ready', error: { code: 'locked', field: null, seq: 4 } });
    const state = asOut(next(before, submitPassword(true)));
    expect(state.notice).to.equal(null);
    expect(state.error).to.equal(null);
  });

  it('should never put the password into the state', () => {
    const state = next(ON_PASSWORD, submitPassword(true));
    expect(Object.keys(state).some((key) => /password/i.test(key))).to.equal(false);
  });
});

describe('flow: sign-in outcomes', () => {
  const signingIn = asOut(next(ON_PASSWORD, submitPassword(true)));

  it('should be signed in with the user on success', () => {
    const state = asIn(next(signingIn, { type: 'signed-in', user: ERKKI }));
    expect(state.user.name).to.equal('Erkki Esimerkki');
    expect(state.pending).to.equal(null);
    expect(state.error).to.equal(null);
  });

  const notSigningIn: Array<SignedOutPending | null> = [null, 'identify', 'reset', 'redirect'];
  for (const pending of notSigningIn) {
    it(`should ignore signed-in when pending is ${String(pending)} (same state object)`, () => {
      const state = out({ pending });
      expect(next(state, { type: 'signed-in', user: ERKKI }) === state).to.equal(true);
    });
  }

  const failures: ReadonlyArray<readonly [AuthErrorCode, 'password' | null]> = [
    ['invalid_credentials', 'password'],
    ['locked', null],
    ['network', null],
    ['offline', null],
    ['timeout', null],
    ['server', null],
    ['bad_response', null],
    ['unexpected', null],
  ];
  for (const [code, field] of failures) {
    it(`should show "${code}" on field ${String(field)} and keep step and identifier`, () => {
      const state = asOut(next(signingIn, failed(code)));
      expect(state.pending).to.equal(null);
      expect(state.step).to.equal('password');
      expect(state.identifier).to.equal('esimerkki.erkki@example.com');
      expect(state.error?.code).to.equal(code);
      expect(state.error?.field).to.equal(field);
      expect(state.error?.retryAfterSeconds).to.equal(undefined);
      expect(state.blocked.signIn).to.equal(null);
      expect(state.blocked.reset).to.equal(null);
    });
  }

  it('should raise seq when the same wrong password is rejected twice', () => {
    const first = asOut(next(signingIn, failed('invalid_credentials')));
    const second = asOut(run(first, submitPassword(true), failed('invalid_credentials')));
    expect(first.error?.code).to.equal('invalid_credentials');
    expect(second.error?.code).to.equal('invalid_credentials');
    expect(second.error?.seq).to.equal((first.error?.seq ?? 0) + 1);
  });

  it('should keep raising seq across different errors', () => {
    const state = asOut(run(ON_PASSWORD, submitPassword(false), submitPassword(true), failed('locked')));
    expect(state.error?.code).to.equal('locked');
    expect(state.error?.seq).to.equal(2);
  });

  it('should give a repeated identify failure a new seq', () => {
    const first = asOut(run(out(), submitIdentifier('erkki'), failed('network')));
    const second = asOut(run(first, submitIdentifier('erkki'), failed('network')));
    expect(second.error?.code).to.equal('network');
    expect(second.error?.seq).to.be.above(first.error?.seq ?? Infinity);
  });

  it('should give a repeated reset failure a new seq', () => {
    const forgot = out({ step: 'forgot' });
    const first = asOut(run(forgot, submitReset('virhe@example.com'), failed('delivery_failed')));
    const second = asOut(run(first, submitReset('virhe@example.com'), failed('delivery_failed')));
    expect(second.error?.seq).to.equal((first.error?.seq ?? 0) + 1);
  });

  it('should keep raising seq after the error was cleared by changing step', () => {
    const first = asOut(run(ON_PASSWORD, submitPassword(true), failed('invalid_credentials')));
    const back = asOut(
      run(first, { type: 'change-identifier' }, submitIdentifier('erkki'), { type: 'identified', result: { next: 'password' } }),
    );
    expect(back.error).to.equal(null);
    const second = asOut(run(back, submitPassword(true), failed('invalid_credentials')));
    expect(second.error?.seq).to.equal((first.error?.seq ?? 0) + 1);
  });

  it('should accept a sign-in after an earlier failure', () => {
    const state = run(signingIn, failed('invalid_credentials'), submitPassword(true), { type: 'signed-in', user: ERKKI });
    expect(asIn(state).error).to.equal(null);
  });

  it('should show an identify failure on step 1 and clear pending', () => {
    const state = asOut(run(out(), submitIdentifier('erkki'), failed('network')));
    expect(state.step).to.equal('identify');
    expect(state.pending).to.equal(null);
    expect(state.error?.code).to.equal('network');
    expect(state.identifier).to.equal('erkki');
  });

  it('should clear the redirect url when a pending redirect fails', () => {
    const state = asOut(next(out({ pending: 'redirect', redirectUrl: 'https://x.fi/' }), failed('network')));
    expect(state.pending).to.equal(null);
    expect(state.redirectUrl).to.equal(null);
  });
});

describe('flow: rate limiting', () => {
  const signingIn = asOut(next(ON_PASSWORD, submitPassword(true)));
  const limited = asOut(next(signingIn, failed('rate_limited', NOW, 30)));

  it('should block signing in until now + Retry-After and show the wait', () => {
    expect(limited.blocked.signIn).to.equal(NOW + 30_000);
    expect(limited.blocked.reset).to.equal(null);
    expect(limited.pending).to.equal(null);
    expect(limited.error?.code).to.equal('rate_limited');
    expect(limited.error?.field).to.equal(null);
    expect(limited.error?.retryAfterSeconds).to.equal(30);
  });

  const waits: ReadonlyArray<readonly [number, number]> = [
    [0, 30],
    [1, 30],
    [999, 30],
    [1_000, 29],
    [10_500, 20],
    [29_001, 1],
    [29_999, 1],
  ];
  for (const [elapsed, seconds] of waits) {
    it(`should refuse a password submit ${elapsed} ms later with ${seconds} s left, starting no call`, () => {
      const state = asOut(next(limited, submitPassword(true, NOW + elapsed)));
      expect(state.pending).to.equal(null);
      expect(state.error?.code).to.equal('rate_limited');
      expect(state.error?.retryAfterSeconds).to.equal(seconds);
      expect(state.error?.field).to.equal(null);
      expect(state.error?.seq).to.equal((limited.error?.seq ?? 0) + 1);
      expect(state.blocked.signIn).to.equal(NOW + 30_000);
    });

    it(`should refuse an identifier submit ${elapsed} ms later with ${seconds} s left`, () => {
      const onStep1 = next(limited, { type: 'change-identifier' });
      const state = asOut(next(onStep1, submitIdentifier('esimerkki.erkki@example.com', NOW + elapsed)));
      expect(state.pending).to.equal(null);
      expect(state.error?.code).to.equal('rate_limited');
      expect(state.error?.retryAfterSeconds).to.equal(seconds);
    });
  }

  it('should allow a submit once the wait is over, even before unblock arrives', () => {
    const state = asOut(next(limited, submitPassword(true, NOW + 30_000)));
    expect(state.pending).to.equal('sign-in');
    expect(state.error).to.equal(null);
  });

  it('should check the empty password before the wait', () => {
    const state = asOut(next(limited, submitPassword(false, NOW + 1_000)));
    expect(state.error?.code).to.equal('password_required');
  });

  it('should block identify too when identify itself is rate limited', () => {
    const state = asOut(run(out(), submitIdentifier('erkki'), failed('rate_limited', NOW, 10)));
    expect(state.blocked.signIn).to.equal(NOW + 10_000);
    expect(state.blocked.reset).to.equal(null);
    expect(asOut(next(state, submitIdentifier('erkki', NOW + 5_000))).error?.retryAfterSeconds).to.equal(5);
  });

  it('should still let the resident open forgot-password and send a link while sign-in is blocked', () => {
    const state = asOut(run(limited, { type: 'open-forgot' }, submitReset('esimerkki.erkki@example.com', NOW + 1)));
    expect(state.step).to.equal('forgot');
    expect(state.pending).to.equal('reset');
  });
});

describe('flow: unblock', () => {
  const limited = asOut(run(ON_PASSWORD, submitPassword(true), failed('rate_limited', NOW, 30)));

  for (const at of [NOW - 1, NOW, NOW + 29_999]) {
    it(`should change nothing before the block ends (now = NOW${at - NOW >= 0 ? '+' : ''}${at - NOW})`, () => {
      expect(next(limited, { type: 'unblock', now: at }) === limited).to.equal(true);
    });
  }

  for (const at of [NOW + 30_000, NOW + 31_000, NOW + 3_600_000]) {
    it(`should clear the block and turn the wait into "retry-ready" at NOW+${at - NOW}`, () => {
      const state = asOut(next(limited, { type: 'unblock', now: at }));
      expect(state.blocked.signIn).to.equal(null);
      expect(state.error).to.equal(null);
      expect(state.notice).to.equal('retry-ready');
      expect(state.step).to.equal('password');
    });
  }

  it('should let the resident sign in after unblock', () => {
    const state = asOut(run(limited, { type: 'unblock', now: NOW + 30_000 }, submitPassword(true, NOW + 30_001)));
    expect(state.pending).to.equal('sign-in');
    expect(state.notice).to.equal(null);
  });

  it('should return the same state when nothing is blocked', () => {
    const state = out({ error: { code: 'rate_limited', field: null, retryAfterSeconds: 3, seq: 1 } });
    expect(next(state, { type: 'unblock', now: NOW }) === state).to.equal(true);
  });

  it('should clear the block but keep another error and no notice when the wait is no longer shown', () => {
    const other = asOut(next(limited, submitPassword(false, NOW + 1_000)));
    expect(other.error?.code).to.equal('password_required');
    const state = asOut(next(other, { type: 'unblock', now: NOW + 30_000 }));
    expect(state.blocked.signIn).to.equal(null);
    expect(state.error?.code).to.equal('password_required');
    expect(state.notice).to.equal(null);
  });

  it('should apply while a call is pending, leaving the call pending', () => {
    const pending = out({ ...limited, pending: 'reset', step: 'forgot', error: null });
    const state = asOut(next(pending, { type: 'unblock', now: NOW + 30_000 }));
    expect(state.blocked.signIn).to.equal(null);
    expect(state.pending).to.equal('reset');
  });

  it('should keep the wait shown on the forgot step while reset is still blocked', () => {
    const both = out({
      step: 'forgot',
      blocked: { signIn: NOW + 10_000, reset: NOW + 60_000 },
      error: { code: 'rate_limited', field: null, retryAfterSeconds: 60, seq: 1 },
    });
    const state = asOut(next(both, { type: 'unblock', now: NOW + 10_000 }));
    expect(state.blocked.signIn).to.equal(null);
    expect(state.blocked.reset).to.equal(NOW + 60_000);
    expect(state.error?.code).to.equal('rate_limited');
    expect(state.notice).to.equal(null);
  });

  it('should say retry-ready on the forgot step when the reset block ends', () => {
    const blocked = out({
      step: 'forgot',
      blocked: { signIn: null, reset: NOW + 60_000 },
      error: { code: 'rate_limited', field: null, retryAfterSeconds: 60, seq: 1 },
    });
    const state = asOut(next(blocked, { type: 'unblock', now: NOW + 60_000 }));
    expect(state.blocked.reset).to.equal(null);
    expect(state.error).to.equal(null);
    expect(state.notice).to.equal('retry-ready');
  });

  it('should keep the sign-in wait shown when only the reset block ends', () => {
    const both = out({
      step: 'password',
      blocked: { signIn: NOW + 60_000, reset: NOW + 10_000 },
      error: { code: 'rate_limited', field: null, retryAfterSeconds: 60, seq: 1 },
    });
    const state = asOut(next(both, { type: 'unblock', now: NOW + 10_000 }));
    expect(state.blocked.reset).to.equal(null);
    expect(state.blocked.signIn).to.equal(NOW + 60_000);
    expect(state.error?.code).to.equal('rate_limited');
    expect(state.notice).to.equal(null);
  });
});

describe('flow: forgot password', () => {
  const carried: ReadonlyArray<readonly [string, string]> = [
    ['esimerkki.erkki@example.com', 'esimerkki.erkki@example.com'],
    ['  virve.viranomainen@espoo.fi ', 'virve.viranomainen@espoo.fi'],
    ['virve.viranomainen', ''],
    ['erkki@localhost', ''],
    ['', ''],
  ];
  for (const step of ['identify', 'password'] as const) {
    for (const [identifier, email] of carried) {
      it(`should open forgot from "${step}" with identifier ${JSON.stringify(identifier)} and email "${email}"`, () => {
        const state = asOut(next(out({ step, identifier }), { type: 'open-forgot' }));
        expect(state.step).to.equal('forgot');
        expect(state.email).to.equal(email);
        expect(state.identifier).to.equal(identifier);
      });
    }
  }

  it('should keep an email already typed on the forgot step', () => {
    const state = asOut(
      next(out({ step: 'password', identifier: 'erkki@example.com', email: 'other@example.com' }), { type: 'open-forgot' }),
    );
    expect(state.email).to.equal('other@example.com');
  });

  it('should clear the error and the notice when opening forgot', () => {
    const before = out({
      ...ON_PASSWORD,
      notice: 'retry-ready',
      error: { code: 'invalid_credentials', field: 'password', seq: 2 },
    });
    const state = asOut(next(before, { type: 'open-forgot' }));
    expect(state.error).to.equal(null);
    expect(state.notice).to.equal(null);
  });

  const refused: ReadonlyArray<readonly [string, 'email_required' | 'email_invalid']> = [
    ['', 'email_required'],
    ['   ', 'email_required'],
    ['virve.viranomainen', 'email_invalid'],
    ['erkki@', 'email_invalid'],
    ['@example.com', 'email_invalid'],
    ['erkki@example', 'email_invalid'],
    ['erkki esimerkki@example.com', 'email_invalid'],
    ['a@b@c', 'email_invalid'],
  ];
  for (const [email, code] of refused) {
    it(`should refuse ${JSON.stringify(email)} with ${code} on the email field`, () => {
      const state = asOut(next(out({ step: 'forgot' }), submitReset(email)));
      expect(state.pending).to.equal(null);
      expect(state.error?.code).to.equal(code);
      expect(state.error?.field).to.equal('email');
      expect(state.step).to.equal('forgot');
    });
  }

  it('should start the reset with the trimmed address', () => {
    const state = asOut(next(out({ step: 'forgot', notice: 'signed-out' }), submitReset('  erkki@example.com ')));
    expect(state.pending).to.equal('reset');
    expect(state.email).to.equal('erkki@example.com');
    expect(state.error).to.equal(null);
    expect(state.notice).to.equal(null);
  });

  it('should show forgot-sent when the reset is accepted', () => {
    const state = asOut(run(out({ step: 'forgot' }), submitReset('erkki@example.com'), { type: 'reset-sent' }));
    expect(state.step).to.equal('forgot-sent');
    expect(state.pending).to.equal(null);
    expect(state.email).to.equal('erkki@example.com');
  });

  for (const pending of [null, 'identify', 'sign-in', 'redirect'] as const) {
    it(`should ignore reset-sent when pending is ${String(pending)} (same state object)`, () => {
      const state = out({ step: 'forgot', pending });
      expect(next(state, { type: 'reset-sent' }) === state).to.equal(true);
    });
  }

  for (const code of ['delivery_failed', 'server', 'network', 'timeout'] as const) {
    it(`should show "${code}" on the forgot step and keep the address`, () => {
      const state = asOut(run(out({ step: 'forgot' }), submitReset('virhe@example.com'), failed(code)));
      expect(state.step).to.equal('forgot');
      expect(state.pending).to.equal(null);
      expect(state.error?.code).to.equal(code);
      expect(state.error?.field).to.equal(null);
      expect(state.email).to.equal('virhe@example.com');
    });
  }

  describe('reset rate limited', () => {
    const limited = asOut(
      run(out({ step: 'forgot', identifier: 'erkki@example.com' }), submitReset('erkki@example.com'), failed('rate_limited', NOW, 60)),
    );

    it('should block only reset', () => {
      expect(limited.blocked.reset).to.equal(NOW + 60_000);
      expect(limited.blocked.signIn).to.equal(null);
      expect(limited.error?.code).to.equal('rate_limited');
      expect(limited.error?.retryAfterSeconds).to.equal(60);
    });

    it('should refuse another reset with the remaining wait', () => {
      const state = asOut(next(limited, submitReset('erkki@example.com', NOW + 15_000)));
      expect(state.pending).to.equal(null);
      expect(state.error?.code).to.equal('rate_limited');
      expect(state.error?.retryAfterSeconds).to.equal(45);
    });

    it('should still let the resident identify and sign in', () => {
      const back = asOut(next(limited, { type: 'back-to-sign-in' }));
      expect(back.step).to.equal('identify');
      expect(back.error).to.equal(null);
      const identifying = asOut(next(back, submitIdentifier('erkki@example.com', NOW + 1_000)));
      expect(identifying.pending).to.equal('identify');
      const signingIn = asOut(run(identifying, { type: 'identified', result: { next: 'password' } }, submitPassword(true, NOW + 2_000)));
      expect(signingIn.pending).to.equal('sign-in');
      expect(signingIn.blocked.reset).to.equal(NOW + 60_000);
    });
  });

  for (const step of ['forgot', 'forgot-sent'] as const) {
    it(`should go back to step 1 from "${step}" keeping identifier and email`, () => {
      const before = out({
        step,
        identifier: 'virve.viranomainen',
        email: 'virve@espoo.fi',
        error: { code: 'email_invalid', field: 'email', seq: 1 },
        notice: 'retry-ready',
      });
      const state = asOut(next(before, { type: 'back-to-sign-in' }));
      expect(state.step).to.equal('identify');
      expect(state.identifier).to.equal('virve.viranomainen');
      expect(state.email).to.equal('virve@espoo.fi');
      expect(state.error).to.equal(null);
      expect(state.notice).to.equal(null);
    });
  }
});

describe('flow: change-identifier', () => {
  it('should go back to step 1 keeping the identifier and remember, clearing the error', () => {
    const before = out({
      ...ON_PASSWORD,
      remember: true,
      error: { code: 'invalid_credentials', field: 'password', seq: 1 },
    });
    const state = asOut(next(before, { type: 'change-identifier' }));
    expect(state.step).to.equal('identify');
    expect(state.identifier).to.equal('esimerkki.erkki@example.com');
    expect(state.remember).to.equal(true);
    expect(state.error).to.equal(null);
  });

  it('should keep a sign-in block', () => {
    const before = out({ ...ON_PASSWORD, blocked: { signIn: NOW + 5_000, reset: null } });
    expect(asOut(next(before, { type: 'change-identifier' })).blocked.signIn).to.equal(NOW + 5_000);
  });
});

describe('flow: cancelled', () => {
  for (const pending of ['identify', 'sign-in', 'reset', 'redirect'] as const) {
    it(`should clear pending "${pending}" and keep step and typed values`, () => {
      const before = out({
        step: 'password',
        identifier: 'erkki',
        email: 'e@example.com',
        remember: true,
        pending,
        redirectUrl: pending === 'redirect' ? 'https://x.fi/' : null,
      });
      const state = asOut(next(before, { type: 'cancelled' }));
      expect(state.pending).to.equal(null);
      expect(state.redirectUrl).to.equal(null);
      expect(state.step).to.equal('password');
      expect(state.identifier).to.equal('erkki');
      expect(state.email).to.equal('e@example.com');
      expect(state.remember).to.equal(true);
    });
  }

  it('should ignore a late outcome after a cancel', () => {
    const cancelled = run(ON_PASSWORD, submitPassword(true), { type: 'cancelled' });
    expect(next(cancelled, { type: 'signed-in', user: ERKKI }) === cancelled).to.equal(true);
    expect(next(cancelled, failed('invalid_credentials')) === cancelled).to.equal(true);
  });
});

describe('flow: one request at a time', () => {
  const blockedWhilePending = except('edit', 'edit-remember', 'identified', 'signed-in', 'failed', 'cancelled', 'reset-sent', 'unblock');
  for (const pending of ['identify', 'sign-in', 'reset', 'redirect'] as const) {
    for (const type of blockedWhilePending) {
      it(`should ignore "${type}" while "${pending}" is pending (same state object)`, () => {
        const state = out({ step: 'password', identifier: 'erkki@example.com', pending });
        expect(next(state, SAMPLE[type]) === state).to.equal(true);
      });
    }
  }

  it('should not start a second sign-in on a double submit', () => {
    const first = next(ON_PASSWORD, submitPassword(true));
    expect(next(first, submitPassword(true)) === first).to.equal(true);
    expect(next(first, submitPassword(false)) === first).to.equal(true);
  });

  it('should ignore a second identifier submit even with an empty identifier', () => {
    const first = next(out(), submitIdentifier('erkki'));
    expect(next(first, submitIdentifier('')) === first).to.equal(true);
  });
});

describe('flow: signed-out, actions that do not apply', () => {
  const ignored: ActionType[] = [
    'session-checked',
    'session-check-failed',
    'recheck',
    'start-signed-out',
    'identified',
    'signed-in',
    'failed',
    'cancelled',
    'reset-sent',
    'sign-out',
    'signed-out',
    'unblock',
  ];
  for (const step of ['identify', 'password', 'forgot', 'forgot-sent'] as const) {
    for (const type of ignored) {
      it(`should ignore "${type}" on step "${step}" with nothing pending (same state object)`, () => {
        const state = out({ step, identifier: 'erkki@example.com' });
        expect(next(state, SAMPLE[type]) === state).to.equal(true);
      });
    }
  }
});

describe('flow: signed-in', () => {
  it('should start signing out', () => {
    const state = asIn(next(signedIn(), { type: 'sign-out' }));
    expect(state.pending).to.equal('sign-out');
    expect(state.error).to.equal(null);
    expect(state.user.name).to.equal('Erkki Esimerkki');
  });

  it('should clear an earlier sign-out error when trying again', () => {
    const state = asIn(next(signedIn({ error: { code: 'server', field: null, seq: 1 } }), { type: 'sign-out' }));
    expect(state.pending).to.equal('sign-out');
    expect(state.error).to.equal(null);
  });

  it('should ignore a second sign-out while one is pending (same state object)', () => {
    const state = signedIn({ pending: 'sign-out' });
    expect(next(state, { type: 'sign-out' }) === state).to.equal(true);
  });

  it('should be signed out with the "signed-out" notice on success, on a fresh step 1', () => {
    const state = asOut(run(signedIn(), { type: 'sign-out' }, { type: 'signed-out' }));
    expect(state.notice).to.equal('signed-out');
    expect(state.step).to.equal('identify');
    expect(state.identifier).to.equal('');
    expect(state.error).to.equal(null);
  });

  for (const code of ['server', 'network', 'offline', 'timeout', 'bad_response', 'unexpected'] as const) {
    it(`should stay signed in with "${code}" when signing out fails`, () => {
      const state = asIn(run(signedIn(), { type: 'sign-out' }, failed(code)));
      expect(state.user.email).to.equal('esimerkki.erkki@example.com');
      expect(state.pending).to.equal(null);
      expect(state.error?.code).to.equal(code);
      expect(state.error?.field).to.equal(null);
    });
  }

  it('should raise seq when signing out fails twice the same way', () => {
    const state = asIn(run(signedIn(), { type: 'sign-out' }, failed('server'), { type: 'sign-out' }, failed('server')));
    expect(state.error?.code).to.equal('server');
    expect(state.error?.seq).to.equal(2);
  });

  it('should be signed out with "session-expired" when the server no longer knows the session', () => {
    const state = asOut(run(signedIn(), { type: 'sign-out' }, failed('session_expired')));
    expect(state.notice).to.equal('session-expired');
    expect(state.step).to.equal('identify');
    expect(state.error).to.equal(null);
  });

  it('should clear a pending sign-out on cancel and stay signed in', () => {
    const state = asIn(next(signedIn({ pending: 'sign-out' }), { type: 'cancelled' }));
    expect(state.pending).to.equal(null);
  });

  it('should ignore failed when not signing out (same state object)', () => {
    const state = signedIn();
    expect(next(state, failed('session_expired')) === state).to.equal(true);
    expect(next(state, failed('server')) === state).to.equal(true);
  });

  it('should ignore cancelled when nothing is pending (same state object)', () => {
    const state = signedIn();
    expect(next(state, { type: 'cancelled' }) === state).to.equal(true);
  });

  const ignored = except('sign-out', 'signed-out', 'failed', 'cancelled');
  for (const pending of [null, 'sign-out'] as const) {
    for (const type of ignored) {
      it(`should ignore "${type}" with pending ${String(pending)} (same state object)`, () => {
        const state = signedIn({ pending });
        expect(next(state, SAMPLE[type]) === state).to.equal(true);
      });
    }
  }
});

describe('flow: a whole sign-in', () => {
  it('should go checking → step 1 → step 2 → signed in → signed out', () => {
    const states: FlowState[] = [];
    const actions: FlowAction[] = [
      { type: 'session-checked', user: null },
      { type: 'edit', field: 'identifier', value: 'esimerkki.erkki@example.com' },
      submitIdentifier('esimerkki.erkki@example.com'),
      { type: 'identified', result: { next: 'password' } },
      submitPassword(false),
      submitPassword(true, NOW, '', true),
      failed('invalid_credentials'),
      submitPassword(true),
      { type: 'signed-in', user: ERKKI },
      { type: 'sign-out' },
      { type: 'signed-out' },
    ];
    actions.reduce((state, action) => {
      const after = next(state, action);
      states.push(after);
      return after;
    }, INITIAL_STATE);
    const summary = states.map((s) =>
      s.status === 'signed-out'
        ? `${s.step}:${s.pending ?? '-'}:${s.error?.code ?? '-'}`
        : s.status === 'signed-in'
          ? `in:${s.pending ?? '-'}`
          : s.status,
    );
    expect(summary.join(' ')).to.equal(
      [
        'identify:-:-',
        'identify:-:-',
        'identify:identify:-',
        'password:-:-',
        'password:-:password_required',
        'password:sign-in:-',
        'password:-:invalid_credentials',
        'password:sign-in:-',
        'in:-',
        'in:sign-out',
        'identify:-:-',
      ].join(' '),
    );
  });
});

describe('flow: a reset link sets a new password', () => {
  const TICKET = { username: 'esimerkki.erkki@example.com', policy: { minLength: 10, requires: ['digit'] as const } };
  const opened = (from: FlowState = { status: 'checking' }) => asOut(next(from, { type: 'reset-link-opened' }));
  const verified = () => asOut(next(opened(), { type: 'reset-verified', ticket: TICKET }));
  const submit = (hasPassword = true, matches = true) => ({ type: 'submit-new-password', hasPassword, matches, now: NOW }) as const;

  it('opens the step from the session check, checking the token, with nothing of it in the state', () => {
    const state = opened();
    expect(state.step).to.equal('set-password');
    expect(state.pending).to.equal('verify');
    expect(state.ticket).to.equal(null);
    expect(JSON.stringify(state)).not.to.contain('token');
  });

  it('opens the step from a failed session check and from the signed-out flow', () => {
    expect(opened({ status: 'check-failed', error: { code: 'network', field: null, seq: 1 } }).step).to.equal('set-password');
    expect(opened(out({ step: 'password', identifier: 'x' })).step).to.equal('set-password');
  });

  it('keeps the ticket once verified (whose password, which rules)', () => {
    const state = verified();
    expect(state.pending).to.equal(null);
    expect(state.ticket).to.deep.equal(TICKET);
  });

  it('refuses an empty new password and two that differ, on the new password field', () => {
    expect(asOut(next(verified(), submit(false))).error).to.include({ code: 'new_password_required', field: 'new-password' });
    expect(asOut(next(verified(), submit(true, false))).error).to.include({ code: 'password_mismatch', field: 'new-password' });
    expect(asOut(next(verified(), submit(true, false))).pending).to.equal(null);
  });

  it('does not submit before the token is verified', () => {
    const state = opened();
    expect(next(asOut(next(state, { type: 'failed', code: 'invalid_token', now: NOW })), submit()).status).to.equal('signed-out');
    const failed = asOut(next(state, { type: 'failed', code: 'invalid_token', now: NOW }));
    expect(next(failed, submit()) === failed).to.equal(true);
  });

  it('signs in when the server signs the resident in', () => {
    const state = next(asOut(next(verified(), submit())), { type: 'password-set', user: ERKKI });
    expect(state).to.deep.include({ status: 'signed-in', user: ERKKI });
  });

  it('says the password changed and carries the username to signing in when the server does not sign in', () => {
    const changed = asOut(next(asOut(next(verified(), submit())), { type: 'password-set', user: null }));
    expect(changed.step).to.equal('password-changed');
    const back = asOut(next(changed, { type: 'back-to-sign-in' }));
    expect(back.step).to.equal('identify');
    expect(back.identifier).to.equal(TICKET.username);
    expect(back.ticket).to.equal(null);
  });

  it('a weak password is an error on the field with the rule; the ticket stays', () => {
    const state = asOut(next(asOut(next(verified(), submit())), { type: 'failed', code: 'weak_password', rule: 'min_length', now: NOW }));
    expect(state.error).to.include({ code: 'weak_password', field: 'new-password', rule: 'min_length' });
    expect(state.ticket).to.deep.equal(TICKET);
    const breached = asOut(next(asOut(next(verified(), submit())), { type: 'failed', code: 'breached_password', now: NOW }));
    expect(breached.error).to.include({ code: 'breached_password', field: 'new-password' });
  });

  for (const code of ['invalid_token', 'expired_token'] as const) {
    it(`${code} ends the form, keeps the address for a new link, and the new link goes to the forgot step with it`, () => {
      const state = asOut(next(asOut(next(verified(), submit())), { type: 'failed', code, now: NOW }));
      expect(state.ticket).to.equal(null);
      expect(state.error).to.include({ code, field: null });
      expect(state.email).to.equal(TICKET.username);
      const forgot = asOut(next(state, { type: 'request-new-link' }));
      expect(forgot).to.deep.include({ step: 'forgot', email: TICKET.username, error: null });
    });
  }

  it('a classic username is not carried as an address for a new link', () => {
    const state = asOut(
      next(asOut(next(opened(), { type: 'reset-verified', ticket: { username: 'virve.viranomainen', policy: {} } })), {
        type: 'failed',
        code: 'expired_token',
        now: NOW,
      }),
    );
    expect(asOut(next(state, { type: 'request-new-link' })).email).to.equal('');
  });

  it('a session found in the background does not take the resident out of the step', () => {
    const state = verified();
    expect(next(state, { type: 'session-revalidated', user: ERKKI }) === state).to.equal(true);
  });

  it('a 429 blocks setting the password until the wait ends', () => {
    const limited = asOut(
      next(asOut(next(verified(), submit())), { type: 'failed', code: 'rate_limited', retryAfterSeconds: 30, now: NOW }),
    );
    expect(limited.blocked.signIn).to.equal(NOW + 30_000);
    expect(asOut(next(limited, submit())).error).to.include({ code: 'rate_limited' });
  });
});

describe('flow reducer: the session part alone (before the form has loaded)', () => {
  // The header bar runs sessionNext without the steps: the form's actions change nothing yet.
  it('leaves a signed-out state as it is for every action of the form', () => {
    const state = signedOut();
    for (const action of Object.values(SAMPLE)) {
      if (action.type === 'session-revalidated') continue;
      expect(sessionNext(state, action), action.type).to.equal(state);
    }
  });

  it('still checks the session, signs out and finds a session from another tab', () => {
    const checked = sessionNext(INITIAL_STATE, { type: 'session-checked', user: ERKKI });
    expect(checked).to.deep.include({ status: 'signed-in', user: ERKKI });
    expect(sessionNext(checked, { type: 'sign-out' })).to.deep.include({ pending: 'sign-out' });
    expect(sessionNext(signedOut(), { type: 'session-revalidated', user: VIRVE })).to.deep.include({ status: 'signed-in', user: VIRVE });
  });

  it('opens a reset link only once the steps are there', () => {
    expect(sessionNext(INITIAL_STATE, { type: 'reset-link-opened' })).to.equal(INITIAL_STATE);
    expect(next(INITIAL_STATE, { type: 'reset-link-opened' })).to.deep.include({
      status: 'signed-out',
      step: 'set-password',
      pending: 'verify',
    });
  });
});
