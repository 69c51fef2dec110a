/**
 * Helpers for the stories' play functions: they drive the real <city-login> as a
 * resident would (its light-DOM form, its shadow parts) and wait for the result to
 * render. They read structure, not words, so they work in every language.
 */
import type { CityLogin } from '../../src/login/login.js';
import { input, part, querySubmitButton, settle, typeInto, until } from '../../test/harness.js';

// The driver's primitives are the component tests' too (test/harness.ts): one harness.
export { input, part, settle, until };

/** The story's element, once it has rendered. */
export async function cityLogin(canvasElement: HTMLElement): Promise<CityLogin> {
  const element = await until(() => canvasElement.querySelector<CityLogin>('city-login'), '<city-login> in the canvas');
  await element.updateComplete;
  return element;
}

export function waitForPart<T extends Element = HTMLElement>(element: CityLogin, selector: string, timeoutMs?: number): Promise<T> {
  return until(() => part<T>(element, selector), `${selector} in the shadow root`, timeoutMs);
}

export function waitForInput(element: CityLogin, name: string): Promise<HTMLInputElement> {
  return until(() => input(element, name), `input[name=${name}] in the form`);
}

/** Types into a field as a resident does (the element listens to input events). */
export async function fill(element: CityLogin, name: string, value: string): Promise<void> {
  typeInto(await waitForInput(element, name), value);
  await element.updateComplete;
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
    () => (done ? done() : querySubmitButton(element)?.getAttribute('aria-disabled') !== 'true' || !element.querySelector('form')),
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

/**
 * Opens the dialog, identifies with `identifier`, sends `password` and waits until the error box
 * has rendered (a sign-in that failed: the story's backend or adapter says how).
 */
export async function passwordFails(element: CityLogin, identifier: string, password: string): Promise<void> {
  await openDialog(element);
  await toPasswordStep(element, identifier);
  await fill(element, 'password', password);
  await submit(element, () => part(element, 'error'));
  await settle(element);
}

/** Fails the play function (and so the story) with a clear message. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Story check failed: ${message}`);
}
