/**
 * Helpers for the stories' play functions: they drive the real <city-login> as a
 * resident would (its light-DOM form, its shadow parts) and wait for the result to
 * render. They read structure, not words, so they work in every language.
 */
import type { CityLogin } from '../../src/login/login.js';

/** Waits until `probe` returns something truthy, or fails with `what`. */
export async function until<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The story's element, once it has rendered. */
export async function cityLogin(canvasElement: HTMLElement): Promise<CityLogin> {
  const element = await until(() => canvasElement.querySelector<CityLogin>('city-login'), '<city-login> in the canvas');
  await element.updateComplete;
  return element;
}

/** A part (or any selector) in the element's shadow root. */
export function part<T extends Element = HTMLElement>(element: CityLogin, selector: string): T | null {
  // A bare name is a part (`error` → `[part="error"]`); anything else is a CSS selector.
  return element.shadowRoot?.querySelector<T>(/^[a-z-]+$/.test(selector) ? `[part="${selector}"]` : selector) ?? null;
}

export function waitForPart<T extends Element = HTMLElement>(element: CityLogin, selector: string, timeoutMs?: number): Promise<T> {
  return until(() => part<T>(element, selector), `${selector} in the shadow root`, timeoutMs);
}

/** A control of the light-DOM credential form. */
export function input(element: CityLogin, name: string): HTMLInputElement | null {
  return element.querySelector<HTMLInputElement>(`form input[name="${name}"]`);
}

export function waitForInput(element: CityLogin, name: string): Promise<HTMLInputElement> {
  return until(() => input(element, name), `input[name=${name}] in the form`);
}

/** Types into a field as a resident does (the element listens to input events). */
export async function fill(element: CityLogin, name: string, value: string): Promise<void> {
  const field = await waitForInput(element, name);
  field.focus();
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await element.updateComplete;
}

function submitButton(element: CityLogin): HTMLButtonElement | null {
  return element.querySelector<HTMLButtonElement>('form button[type="submit"]');
}

/**
 * Submits the form (Enter in a field) and waits until the element has its answer:
 * the submit button is no longer busy, or `done` holds.
 */
export async function submit(element: CityLogin, done?: () => unknown): Promise<void> {
  const form = await until(() => element.querySelector('form'), 'the sign-in form');
  form.requestSubmit();
  await element.updateComplete;
  await until(
    () => (done ? done() : submitButton(element)?.getAttribute('aria-disabled') !== 'true' || !element.querySelector('form')),
    'the answer to the form',
  );
  await element.updateComplete;
}

/** The header's "Kirjaudu sisään" button, once the session check said "signed out". */
export function signInButton(element: CityLogin): Promise<HTMLButtonElement> {
  return waitForPart<HTMLButtonElement>(element, 'sign-in-button');
}

/** Opens the dialog by its button and waits for step 1 (focus is on the identifier). */
export async function openDialog(element: CityLogin): Promise<void> {
  (await signInButton(element)).click();
  await waitForInput(element, 'username');
  await until(() => part<HTMLDialogElement>(element, 'dialog')?.open, 'the dialog to open');
  await settle(element);
}

/** Opens the dialog and follows "Unohtuiko käyttäjätunnus tai salasana?" to the reset form. */
export async function toForgotStep(element: CityLogin): Promise<void> {
  await openDialog(element);
  (await waitForPart(element, '.footer .link')).click();
  await waitForInput(element, 'email');
}

/** Identify with `identifier` and wait for step 2 (the password field). */
export async function toPasswordStep(element: CityLogin, identifier: string): Promise<void> {
  await fill(element, 'username', identifier);
  await submit(element, () => input(element, 'password'));
}

/** Waits for renders and the dialog's entrance animation, so what is audited is what rests on screen. */
export async function settle(element: CityLogin): Promise<void> {
  await element.updateComplete;
  const dialog = part<HTMLDialogElement>(element, 'dialog');
  if (dialog?.open) await Promise.all(dialog.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined)));
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
}

/** Fails the play function (and so the story) with a clear message. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Story check failed: ${message}`);
}
