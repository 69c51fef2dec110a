/**
 * The one driver of a rendered <city-login>, shared by the component tests
 * (test/component/helpers.ts adds queries by accessible name and label, and mounting with a fake
 * client) and the stories' play functions (stories/support/play.ts adds the steps of a journey
 * against the mock backend): where the element's parts are, typing as a resident does, waiting
 * for a condition, and letting it settle. The element renders its credential form into its light
 * DOM and the rest into its shadow root; these look in both where it matters.
 */
import type { CityLogin } from '../src/login/login.js';

/** The element's shadow root (it always has one once connected). */
export function shadow(element: CityLogin): ShadowRoot {
  const root = element.shadowRoot;
  if (!root) throw new Error('<city-login> has no shadow root');
  return root;
}

/** Every element matching `selector` in the shadow root, then in the light DOM. */
export function all<T extends Element = HTMLElement>(element: CityLogin, selector: string): T[] {
  return [...shadow(element).querySelectorAll<T>(selector), ...element.querySelectorAll<T>(selector)];
}

/** A part (or any selector) in the element's shadow root: a bare name is a part (`error` → `[part="error"]`). */
export function part<T extends Element = HTMLElement>(element: CityLogin, selector: string): T | null {
  return element.shadowRoot?.querySelector<T>(/^[a-z-]+$/.test(selector) ? `[part="${selector}"]` : selector) ?? null;
}

/** A control of the light-DOM credential form, by its name (`username`, `password`, `email`…). */
export function input(element: CityLogin, name: string): HTMLInputElement | null {
  return element.querySelector<HTMLInputElement>(`form input[name="${name}"]`);
}

/** The light-DOM form's submit button, if the step has one. */
export function querySubmitButton(element: CityLogin): HTMLButtonElement | null {
  return element.querySelector<HTMLButtonElement>('form button[type="submit"]');
}

/** Types as a resident's keyboard or autofill ends up doing (focus, value, an input event), without keystrokes. */
export function typeInto(field: HTMLInputElement, value: string): void {
  field.focus();
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: value }));
}

/** The focused element, through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Waits until `probe` returns something truthy (and returns it), or fails with `what` after `timeoutMs`. */
export async function until<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits for renders and the dialog's entrance animation, so what is checked is what rests on screen. */
export async function settle(element: CityLogin): Promise<void> {
  await element.updateComplete;
  const dialog = part<HTMLDialogElement>(element, 'dialog');
  if (dialog?.open) await Promise.all(dialog.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined)));
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
}
