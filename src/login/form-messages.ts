/**
 * The form's own messages (they load with it): its fields' errors, a wrong password, a reset
 * email that could not be sent, and the wait after too many attempts. Everything else reads as
 * in `messages.ts`; the set-new-password step's codes are in `set-password.ts`.
 */
import { msg, str } from '@lit/localize';
import type { ErrorCode } from '../flow/flow.js';
import { errorMessage } from './messages.js';

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
    return msg(str`Voit yrittää uudelleen ${n} minuutin kuluttua.`, {
      id: 'wait.minutes.other',
      desc: 'Rate limit wait, 2 minutes or more',
    });
  }
  const n = formatNumber(seconds, locale);
  return plural.select(seconds) === 'one'
    ? msg(str`Voit yrittää uudelleen ${n} sekunnin kuluttua.`, { id: 'wait.seconds.one', desc: 'Rate limit wait, singular' })
    : msg(str`Voit yrittää uudelleen ${n} sekunnin kuluttua.`, { id: 'wait.seconds.other', desc: 'Rate limit wait, plural' });
}

/** The sentence that explains an error in the form (without the wait or contact line). */
export function formMessage(code: ErrorCode): string {
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
      return msg('Käyttäjätunnus tai salasana on väärin. Tarkista ne ja yritä uudelleen.', { id: 'error.invalid-credentials' });
    case 'delivery_failed':
      return msg('Salasanan palautuslinkin lähettäminen antamaasi sähköpostiosoitteeseen ei onnistunut. Ota yhteys asiakaspalveluun.', {
        id: 'error.delivery-failed',
        desc: 'From the seed, word for word',
      });
    default:
      return errorMessage(code);
  }
}
