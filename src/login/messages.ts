/**
 * Every message that explains a state or a failure, by code. The server's own
 * text is never shown: the client turns answers into codes, and this maps codes
 * to localized sentences (Finnish is the source locale).
 */
import { msg, str } from '@lit/localize';
import type { ErrorCode, Notice } from '../flow/flow.js';

/** The current UI locale (`fi` until localization is configured). */
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

/** The sentence that explains an error (without the wait or contact line). */
export function errorMessage(code: ErrorCode): string {
  switch (code) {
    case 'identifier_required':
      return msg('Syötä sähköpostiosoite tai käyttäjätunnus.', { id: 'error.identifier-required' });
    case 'password_required':
      return msg('Syötä salasana.', { id: 'error.password-required' });
    case 'email_required':
      return msg('Syötä sähköpostiosoite.', { id: 'error.email-required' });
    case 'email_invalid':
      return msg('Tarkista sähköpostiosoite. Sen muoto on nimi@esimerkki.fi.', { id: 'error.email-invalid' });
    case 'invalid_credentials':
      return msg('Käyttäjätunnus tai salasana on väärin. Tarkista ne ja yritä uudelleen.', {
        id: 'error.invalid-credentials',
      });
    case 'locked':
      return msg('Käyttäjätunnuksesi on lukittu. Ota yhteys asiakaspalveluun.', { id: 'error.locked' });
    case 'rate_limited':
      return msg('Liian monta yritystä peräkkäin.', { id: 'error.rate-limited' });
    case 'delivery_failed':
      return msg(
        'Salasanan palautuslinkin lähettäminen antamaasi sähköpostiosoitteeseen ei onnistunut. Ota yhteys asiakaspalveluun.',
        { id: 'error.delivery-failed', desc: 'From the seed, word for word' },
      );
    case 'session_expired':
      return msg('Istuntosi on päättynyt. Kirjaudu sisään uudelleen.', { id: 'error.session-expired' });
    case 'offline':
      return msg('Laitteesi ei ole yhteydessä verkkoon. Tarkista verkkoyhteys ja yritä uudelleen.', {
        id: 'error.offline',
      });
    case 'network':
      return msg('Palveluun ei saatu yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen.', { id: 'error.network' });
    case 'timeout':
      return msg('Palvelu ei vastannut ajoissa. Yritä uudelleen.', { id: 'error.timeout' });
    case 'server':
      return msg('Palvelussa on tilapäinen häiriö. Yritä hetken kuluttua uudelleen.', { id: 'error.server' });
    case 'bad_response':
      return msg('Palvelu antoi odottamattoman vastauksen. Yritä hetken kuluttua uudelleen.', {
        id: 'error.bad-response',
      });
    case 'unexpected':
      return msg('Jokin meni vikaan. Yritä hetken kuluttua uudelleen.', { id: 'error.unexpected' });
  }
}

/** Errors after which the resident can only get help from customer service. */
export function needsSupport(code: ErrorCode): boolean {
  return code === 'locked' || code === 'delivery_failed';
}

export function noticeMessage(notice: Notice): string {
  switch (notice) {
    case 'signed-out':
      return msg('Olet kirjautunut ulos.', { id: 'notice.signed-out' });
    case 'session-expired':
      return msg('Istuntosi on päättynyt. Kirjaudu sisään uudelleen.', { id: 'error.session-expired' });
    case 'retry-ready':
      return msg('Voit nyt yrittää uudelleen.', { id: 'notice.retry-ready' });
  }
}
