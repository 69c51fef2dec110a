/**
 * The contract's calls a header page makes (`contract.ts` has them all): the session check,
 * continuing the session and signing out. They load with the element; the form's calls
 * (`form-calls.ts`) come with the form.
 */
import type { CallReaders, CallSpec } from './core.js';
import { parseLogoutBody, parseUserBody } from './readers.js';

/** The calls of the session, by name (see `contract.ts`' `CALLS`). */
export type SessionCallName = 'session' | 'session-refresh' | 'logout';

export const SESSION_CALLS: { readonly [C in SessionCallName]: CallSpec } = {
  session: {
    method: 'GET',
    path: '/session',
    success: [200],
    body: 'user',
    rules: [{ status: 401, means: 'signed-out' }],
  },
  'session-refresh': {
    method: 'POST',
    path: '/session/refresh',
    success: [200],
    body: 'user',
    rules: [{ status: 401, means: 'session_expired' }],
  },
  logout: {
    method: 'POST',
    path: '/logout',
    success: [204, 200],
    body: 'logout',
    rules: [{ status: 401, means: 'session_expired' }],
  },
};

/** How the session's answers are read: a user, or logout's optional `{redirect}`. */
export const SESSION_READERS: CallReaders = {
  body: (kind, body, baseUrl) => (kind === 'logout' ? parseLogoutBody(body, baseUrl) : parseUserBody(body)),
};
