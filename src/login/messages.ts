/**
 * Every message that explains a state or a failure, by code. The server's own
 * text is never shown: the client turns answers into codes, and this maps codes
 * to localized sentences (Finnish is the source locale).
 */
import { msg, str } from '@lit/localize';
import type { ErrorCode, Notice, ResetCode } from '../flow/flow.js';

/** A number as the locale writes it. */
function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** "try again in N seconds/minutes", with the number and plural of the locale. */
export function waitMessage(seconds: number, locale: string): string {
  const plural = new Intl.PluralRules(locale);
  if (seconds >= 120) {
    // Whole minutes, rounded up (never promise less than the server asked); always 2 or more.
    const n = formatNumber(Math.ceil(seconds / 60), locale);
    return msg(str`Voit yrittää uudelleen ${n} minuutin kuluttua.`, { id: 'wait.minutes.other', desc: 'Rate limit wait, 2 minutes or more' });
  }
  const n = formatNumber(seconds, locale);
  return plural.select(seconds) === 'one'
    ? msg(str`Voit yrittää uudelleen ${n} sekunnin kuluttua.`, { id: 'wait.seconds.one', desc: 'Rate limit wait, singular' })
    : msg(str`Voit yrittää uudelleen ${n} sekunnin kuluttua.`, { id: 'wait.seconds.other', desc: 'Rate limit wait, plural' });
}

/**
 * The sentence that explains an error (without the wait or contact line). The codes of the
 * set-new-password step have their messages in that step's module (`set-password.ts`, loaded
 * with it); here they read as `unexpected` (an adapter that throws one elsewhere).
 */
export function errorMessage(code: ErrorCode): string {
  const messages: Record<Exclude<ErrorCode, ResetCode>, string> = {
    identifier_required: msg('Syötä sähköpostiosoite tai käyttäjätunnus.', { id: 'error.identifier-required' }),
    password_required: msg('Syötä salasana.', { id: 'error.password-required' }),
    email_required: msg('Syötä sähköpostiosoite.', { id: 'error.email-required' }),
    email_invalid: msg('Tarkista sähköpostiosoite. Sen muoto on nimi@esimerkki.fi.', { id: 'error.email-invalid' }),
    invalid_credentials: msg('Käyttäjätunnus tai salasana on väärin. Tarkista ne ja yritä uudelleen.', { id: 'error.invalid-credentials' }),
    locked: msg('Käyttäjätunnuksesi on lukittu. Ota yhteys asiakaspalveluun.', { id: 'error.locked' }),
    rate_limited: msg('Liian monta yritystä peräkkäin.', { id: 'error.rate-limited' }),
    delivery_failed: msg(
      'Salasanan palautuslinkin lähettäminen antamaasi sähköpostiosoitteeseen ei onnistunut. Ota yhteys asiakaspalveluun.',
      { id: 'error.delivery-failed', desc: 'From the seed, word for word' },
    ),
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
