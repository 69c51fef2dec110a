/**
 * The set-new-password step, loaded on demand (a reset link opened it): its copy, its
 * messages and its fields. `login.ts` imports it with `import()` when the flow reaches the
 * step, so a page that never sees a reset link never loads it.
 *
 * The token is not here: the flow controller holds it in memory for the two calls.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { PasswordClass, PasswordPolicy, PasswordRule } from '../auth/auth-client.js';
import type { FlowError, ResetCode, SignedOutState } from '../flow/flow.js';

/** What the step needs of the element. */
export interface SetPasswordView {
  /** The element's id prefix (fields are `${id}-new-password`, `${id}-confirm-password`). */
  readonly id: string;
  readonly state: SignedOutState;
  readonly passwordVisible: boolean;
  togglePasswordVisible(): void;
  requestNewLink(): void;
  /** Present while the link's token can be checked again (the network or the server failed). */
  retry?: () => void;
  backToSignIn(): void;
  /** The element's error renderer for a field (`role=alert`, re-created for a new error). */
  fieldError(error: FlowError, id: string): unknown;
}

function classText(c: PasswordClass): string {
  return {
    lowercase: msg('pieni kirjain (a–z)', { id: 'rule.lowercase' }),
    uppercase: msg('iso kirjain (A–Z)', { id: 'rule.uppercase' }),
    digit: msg('numero (0–9)', { id: 'rule.digit' }),
    symbol: msg('erikoismerkki, esimerkiksi ! ? #', { id: 'rule.symbol' }),
  }[c];
}

/** The rules of a policy, as the list shows them. */
export function ruleItems(policy: PasswordPolicy): string[] {
  const items: string[] = [];
  if (policy.minLength) items.push(msg(str`vähintään ${policy.minLength}\u00a0merkkiä`, { id: 'rule.min-length' }));
  if (policy.maxLength) items.push(msg(str`enintään ${policy.maxLength}\u00a0merkkiä`, { id: 'rule.max-length' }));
  for (const c of policy.requires ?? []) items.push(classText(c));
  return items;
}

/** The message of a code of this step; for `weak_password`, the rule that failed when known. */
export function resetMessage(code: ResetCode, rule?: PasswordRule, policy: PasswordPolicy = {}): string {
  if (code === 'weak_password') {
    const requirement =
      rule === 'min_length' && policy.minLength
        ? msg(str`vähintään ${policy.minLength}\u00a0merkkiä`, { id: 'rule.min-length' })
        : rule === 'max_length' && policy.maxLength
          ? msg(str`enintään ${policy.maxLength}\u00a0merkkiä`, { id: 'rule.max-length' })
          : rule === 'lowercase' || rule === 'uppercase' || rule === 'digit' || rule === 'symbol'
            ? classText(rule)
            : '';
    if (requirement) return msg(str`Salasana ei täytä vaatimusta: ${requirement}.`, { id: 'error.weak-password.rule' });
    if (rule === 'common') {
      return msg('Salasana on liian yleinen. Valitse harvinaisempi salasana.', { id: 'error.weak-password.common' });
    }
    if (rule === 'username') {
      return msg('Salasana muistuttaa liikaa käyttäjätunnusta. Valitse toinen salasana.', { id: 'error.weak-password.username' });
    }
  }
  return {
    invalid_token: msg('Salasanan vaihtolinkki ei kelpaa. Se on ehkä jo käytetty tai kopioitu vajaana. Tilaa uusi linkki.', {
      id: 'error.invalid-token',
    }),
    expired_token: msg('Salasanan vaihtolinkki on vanhentunut. Tilaa uusi linkki.', { id: 'error.expired-token' }),
    weak_password: msg('Salasana ei täytä palvelun vaatimuksia. Valitse toinen salasana.', { id: 'error.weak-password' }),
    breached_password: msg('Tämä salasana on paljastunut tietomurrossa, eikä sitä saa käyttää. Valitse toinen salasana.', {
      id: 'error.breached-password',
    }),
    new_password_required: msg('Syötä uusi salasana.', { id: 'error.new-password-required' }),
    password_mismatch: msg('Salasanat eivät ole samat. Kirjoita sama salasana molempiin kenttiin.', { id: 'error.password-mismatch' }),
  }[code];
}

export function title(step: 'set-password' | 'password-changed'): string {
  return step === 'set-password'
    ? msg('Aseta uusi salasana', { id: 'title.set-password' })
    : msg('Salasana vaihdettu', { id: 'title.password-changed' });
}

export function pendingText(pending: 'verify' | 'set-password'): string {
  return pending === 'verify' ? msg('Tarkistetaan linkkiä…', { id: 'status.verifying' }) : msg('Tallennetaan…', { id: 'status.saving' });
}

export function submitLabel(): string {
  return msg('Tallenna uusi salasana', { id: 'action.save-password' });
}

/** Above the form: the rules, shown before typing; or, once changed, what to do next. */
export function intro(view: SetPasswordView): TemplateResult | typeof nothing {
  const { state, id } = view;
  if (state.step === 'password-changed') {
    return html`<p class="notice" part="notice" id=${`${id}-changed`} tabindex="-1">
      ${msg('Salasanasi on vaihdettu. Voit nyt kirjautua sisään uudella salasanalla.', { id: 'intro.password-changed' })}
    </p>`;
  }
  if (!state.ticket) return nothing;
  const items = ruleItems(state.ticket.policy);
  return html`<p>${msg('Valitse uusi salasana. Salasanan hallintaohjelma voi luoda sen puolestasi.', { id: 'intro.set-password' })}</p>
    ${
      items.length
        ? html`<div id=${`${id}-rules`}>
          <p>${msg('Salasanassa pitää olla:', { id: 'rules.title' })}</p>
          <ul class="rules">
            ${items.map((item) => html`<li>${item}</li>`)}
          </ul>
        </div>`
        : nothing
    }`;
}

/**
 * The form's fields: the username for password managers (read-only, `autocomplete=username`,
 * so they save the new password under it, not under the token), the new password twice
 * (`new-password`), and one show-password button for both.
 */
export function fields(view: SetPasswordView): TemplateResult | typeof nothing {
  const { state, id } = view;
  const ticket = state.ticket;
  if (state.step !== 'set-password' || !ticket) return nothing;
  const newId = `${id}-new-password`;
  const confirmId = `${id}-confirm-password`;
  const error = state.error?.field === 'new-password' ? state.error : null;
  const errorId = `${newId}-error`;
  const described = [
    ticket.policy.minLength || ticket.policy.maxLength || ticket.policy.requires?.length ? `${id}-rules` : '',
    error ? errorId : '',
  ]
    .filter(Boolean)
    .join(' ');
  const type = view.passwordVisible ? 'text' : 'password';
  const password = (inputId: string, name: string, label: string, extra: unknown) => html`<city-login-field kind="text">
    <label slot="label" for=${inputId}>${label}</label>
    <input
      slot="input"
      id=${inputId}
      name=${name}
      type=${type}
      autocomplete="new-password"
      autocapitalize="none"
      spellcheck="false"
      required
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${described || nothing}
    />
    ${extra}
  </city-login-field>`;
  return html`<city-login-field kind="text">
      <label slot="label" for=${`${id}-reset-username`}>${msg('Käyttäjätunnus', { id: 'field.username' })}</label>
      <input slot="input" id=${`${id}-reset-username`} name="username" type="text" autocomplete="username" readonly .value=${ticket.username} />
    </city-login-field>
    ${password(
      newId,
      'new-password',
      msg('Uusi salasana', { id: 'field.new-password' }),
      html`<button
          slot="action"
          type="button"
          aria-label=${
            view.passwordVisible
              ? msg('Piilota salasanat', { id: 'action.hide-passwords' })
              : msg('Näytä salasanat', { id: 'action.show-passwords' })
          }
          aria-controls=${`${newId} ${confirmId}`}
          @click=${() => view.togglePasswordVisible()}
        >
          ${view.passwordVisible ? msg('Piilota', { id: 'action.hide' }) : msg('Näytä', { id: 'action.show' })}
        </button>
        ${error ? view.fieldError(error, errorId) : nothing}`,
    )}
    ${password(confirmId, 'confirm-password', msg('Uusi salasana uudelleen', { id: 'field.confirm-password' }), nothing)}`;
}

/** Below the form: a way forward from a link that cannot be used, or back to signing in. */
export function footer(view: SetPasswordView): TemplateResult {
  const { state } = view;
  const tokenFailed = state.step === 'set-password' && !state.ticket && state.pending === null;
  const retry = view.retry;
  return html`${
    tokenFailed && retry
      ? html`<button class="button" type="button" @click=${() => retry()}>${msg('Yritä uudelleen', { id: 'action.retry' })}</button>`
      : nothing
  }
    ${
      tokenFailed
        ? html`<button class=${retry ? 'link' : 'button'} type="button" @click=${() => view.requestNewLink()}>
          ${msg('Tilaa uusi linkki', { id: 'action.new-link' })}
        </button>`
        : nothing
    }
    <button class=${state.step === 'password-changed' ? 'button' : 'link'} type="button" @click=${() => view.backToSignIn()}>
      ${state.step === 'password-changed' ? msg('Kirjaudu sisään', { id: 'action.sign-in' }) : msg('Takaisin kirjautumiseen', { id: 'action.back' })}
    </button>`;
}
