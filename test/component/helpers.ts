/**
 * Queries for component tests, by what a resident perceives: buttons by their
 * accessible name, inputs by their label, alerts and status by their text.
 * The element renders its credential form into its light DOM and the rest
 * into its shadow root; these helpers look in both.
 */
import { aTimeout, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CityLogin } from '../../src/login/login.js';
import { FakeAuthClient } from './fake-client.js';
import { all, deepActiveElement, shadow, typeInto } from '../harness.js';

// The driver's primitives are the stories' play functions' too (test/harness.ts): one harness.
export { all, deepActiveElement, shadow, typeInto };

// The language chosen in the switch is remembered in localStorage, which every test file of a run
// shares (one origin, pages side by side): not here. test/component/remembered-language.test.ts
// turns it on with a key of its own.
(customElements.get('city-login') as typeof CityLogin).languageKey = null;

export function normalize(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export function accessibleName(element: Element): string {
  const label = element.getAttribute('aria-label');
  if (label !== null) return normalize(label);
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    const root = element.getRootNode() as Document | ShadowRoot;
    return normalize(
      labelledBy
        .split(/\s+/)
        .map((id) => root.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
  }
  return normalize(element.textContent);
}

/** A button (in either tree) by its accessible name, or `null`. Hidden (not rendered) buttons do not count. */
export function queryButton(el: CityLogin, name: string): HTMLButtonElement | null {
  return all<HTMLButtonElement>(el, 'button').find((button) => accessibleName(button) === name && isRendered(button)) ?? null;
}

export function getButton(el: CityLogin, name: string): HTMLButtonElement {
  const button = queryButton(el, name);
  if (!button) {
    const names = all<HTMLButtonElement>(el, 'button').filter(isRendered).map(accessibleName);
    throw new Error(`No button named "${name}"; buttons: ${JSON.stringify(names)}`);
  }
  return button;
}

/** A link (in either tree) by its text, or `null`. */
export function queryLink(el: CityLogin, name: string): HTMLAnchorElement | null {
  return all<HTMLAnchorElement>(el, 'a').find((a) => accessibleName(a) === name) ?? null;
}

/** The input labelled `label` (light-DOM form), or `null`. */
export function queryInput(el: CityLogin, label: string): HTMLInputElement | null {
  const element = [...el.querySelectorAll('label')].find((l) => normalize(l.textContent) === label);
  if (!element || !element.htmlFor) return null;
  const input = el.querySelector(`#${CSS.escape(element.htmlFor)}`);
  return input instanceof HTMLInputElement ? input : null;
}

export function getInput(el: CityLogin, label: string): HTMLInputElement {
  const input = queryInput(el, label);
  if (!input) {
    const labels = [...el.querySelectorAll('label')].map((l) => normalize(l.textContent));
    throw new Error(`No input labelled "${label}"; labels: ${JSON.stringify(labels)}`);
  }
  return input;
}

export const IDENTIFIER = 'Sähköpostiosoite / käyttäjätunnus';
export const PASSWORD = 'Salasana';
export const EMAIL = 'Sähköpostiosoite';
export const REMEMBER = 'Muista kirjautumiseni tässä tietokoneessa';

/** Whether an element takes up space (not `display: none`, not in a closed dialog). */
export function isRendered(element: Element): boolean {
  return element.getClientRects().length > 0;
}

/** The `role=alert` elements in either tree. */
export function alerts(el: CityLogin): HTMLElement[] {
  return all(el, '[role=alert]');
}

export function alertTexts(el: CityLogin): string[] {
  return alerts(el).map((a) => normalize(a.textContent));
}

/** The single alert; fails when there is none or more than one. */
export function theAlert(el: CityLogin): HTMLElement {
  const found = alerts(el);
  if (found.length !== 1) throw new Error(`Expected one alert, found ${found.length}: ${JSON.stringify(alertTexts(el))}`);
  return found[0]!;
}

/** The text of the `role=status` live regions. */
export function statusText(el: CityLogin): string {
  return normalize(
    all(el, '[role=status]')
      .map((s) => s.textContent)
      .join(' '),
  );
}

/** All text of the element as a resident could read it: shadow root and light DOM (hidden parts included). */
export function allText(el: CityLogin): string {
  return normalize(`${shadow(el).textContent ?? ''} ${el.textContent ?? ''}`);
}

/** Text of what is rendered in the shadow root (parts not rendered are left out). */
export function visibleText(el: CityLogin): string {
  return normalize(`${(shadow(el).host as HTMLElement).innerText}`);
}

export function form(el: CityLogin): HTMLFormElement {
  const f = el.querySelector('form');
  if (!f) throw new Error('No form rendered');
  return f;
}

export function dialog(el: CityLogin): HTMLDialogElement | null {
  return shadow(el).querySelector('dialog');
}

/** Lets pending client promises settle and the element (and its fields) render. */
export async function flush(el: CityLogin): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await aTimeout(0);
    await el.updateComplete;
  }
}

export interface MountOptions {
  inline?: boolean;
  attrs?: Record<string, string | boolean>;
  /** Do not wait for the session check to settle. */
  noFlush?: boolean;
  /** Listeners attached before the element connects (so session-restore events are seen). */
  listeners?: Record<string, (event: Event) => void>;
  /** Waits before retrying a failed session check on load; default none. */
  sessionCheckRetryDelays?: readonly number[];
}

/** Mounts `<city-login>` using `fake` (set before it connects) and waits for the session check. */
export async function mount(fake: FakeAuthClient, options: MountOptions = {}): Promise<CityLogin> {
  const el = document.createElement('city-login');
  // One scripted answer per session check: no automatic retries unless a test asks.
  (el.constructor as typeof CityLogin).sessionCheckRetryDelays = options.sessionCheckRetryDelays ?? [];
  el.auth = fake;
  if (options.inline) el.setAttribute('inline', '');
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const [type, listener] of Object.entries(options.listeners ?? {})) el.addEventListener(type, listener);
  // The element itself is the fixture: open-wc then awaits its updateComplete. A plain
  // wrapper would make it wait for an animation frame, which never comes in a page
  // the runner keeps in the background (concurrent test files).
  await fixture(html`${el}`);
  if (!options.noFlush) await flush(el);
  return el;
}

/** Step 1 → step 2: types the identifier, presses "Jatka", waits for the password field. */
export async function continueTo(el: CityLogin, identifier: string): Promise<HTMLInputElement> {
  typeInto(getInput(el, IDENTIFIER), identifier);
  getButton(el, 'Jatka').click();
  await flush(el);
  return getInput(el, PASSWORD);
}

/** Types a password and presses "Kirjaudu sisään" in the form. */
export async function submitPassword(el: CityLogin, password: string): Promise<void> {
  typeInto(getInput(el, PASSWORD), password);
  submitButton(el).click();
  await flush(el);
}

/** The form's submit button. */
export function submitButton(el: CityLogin): HTMLButtonElement {
  const button = el.querySelector<HTMLButtonElement>('form button[type=submit]');
  if (!button) throw new Error('No submit button');
  return button;
}

/** The serialized markup of the element, its shadow root and its fields' shadow roots. */
export function markup(el: CityLogin): string {
  const fields = [...el.querySelectorAll('city-login-field')].map((f) => f.shadowRoot?.innerHTML ?? '');
  return [el.outerHTML, shadow(el).innerHTML, ...fields].join('\n');
}
