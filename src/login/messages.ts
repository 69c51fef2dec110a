/**
 * The messages the header bar may show (it loads with the element): the failures of any call
 * and the notices. The form's own messages (its fields, a wrong password, the reset email) load
 * with it (`form-messages.ts`); the set-new-password step's with that step (`set-password.ts`).
 * The server's own text is never shown: the client turns answers into codes, and these map codes
 * to localized sentences (Finnish is the source locale).
 */
import { msg } from '@lit/localize';
import type { ErrorCode, Notice } from '../flow/flow.js';

/** The failures any call may end in, and what reads as `unexpected` elsewhere. */
export type GeneralCode =
  | 'rate_limited'
  | 'locked'
  | 'session_expired'
  | 'offline'
  | 'network'
  | 'timeout'
  | 'server'
  | 'bad_response'
  | 'redirected'
  | 'unexpected';

/** The sentence that explains an error (without the wait or contact line); a form's own code reads as `unexpected` here. */
export function errorMessage(code: ErrorCode): string {
  const messages: Record<GeneralCode, string> = {
    locked: msg('Käyttäjätunnuksesi on lukittu. Ota yhteys asiakaspalveluun.', { id: 'error.locked' }),
    rate_limited: msg('Liian monta yritystä peräkkäin.', { id: 'error.rate-limited' }),
    session_expired: msg('Istuntosi on päättynyt. Kirjaudu sisään uudelleen.', { id: 'error.session-expired' }),
    offline: msg('Laitteesi ei ole yhteydessä verkkoon. Tarkista verkkoyhteys ja yritä uudelleen.', { id: 'error.offline' }),
    network: msg('Palveluun ei saatu yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen.', { id: 'error.network' }),
    timeout: msg('Palvelu ei vastannut ajoissa. Yritä uudelleen.', { id: 'error.timeout' }),
    server: msg('Palvelussa on tilapäinen häiriö. Yritä hetken kuluttua uudelleen.', { id: 'error.server' }),
    bad_response: msg('Palvelu antoi odottamattoman vastauksen. Yritä hetken kuluttua uudelleen.', { id: 'error.bad-response' }),
    redirected: msg('Palvelu antoi odottamattoman vastauksen, eikä tietojasi lähetetty eteenpäin. Yritä hetken kuluttua uudelleen.', {
      id: 'error.redirected',
      desc: 'The auth server answered with an HTTP redirect, which is never followed: what the resident typed was not passed on',
    }),
    unexpected: msg('Jokin meni vikaan. Yritä hetken kuluttua uudelleen.', { id: 'error.unexpected' }),
  };
  return (messages as Partial<Record<ErrorCode, string>>)[code] ?? messages.unexpected;
}

export function noticeMessage(notice: Notice): string {
  return notice === 'signed-out'
    ? msg('Olet kirjautunut ulos.', { id: 'notice.signed-out' })
    : notice === 'retry-ready'
      ? msg('Voit nyt yrittää uudelleen.', { id: 'notice.retry-ready' })
      : errorMessage('session_expired');
}
