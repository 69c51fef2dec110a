/**
 * The warning before a session ends (issue 17, WCAG 2.2.1
 * Timing Adjustable). A chunk of its own, loaded only while the resident is signed in with a
 * session whose end the server said (`expiresAt`), long before the warning is due; the timing
 * itself is the session controller's (`src/flow/session-controller.ts`), which header use needs.
 *
 * - The warning: a modal `alertdialog` in the resident's language, "Istuntosi on päättymässä",
 *   how long is left, "Jatka istuntoa" (`POST {endpoint}/session/refresh`) and "Kirjaudu ulos".
 *   Focus moves to "Jatka istuntoa" and, once the dialog closes, back where it was (or to the
 *   bar when that is gone). The time left is shown to the second, but said only when the
 *   dialog opens (its description) and then at each whole minute and at 30 seconds.
 *   **Escape continues the session**: the resident is keeping the page, and a warning that
 *   closed without continuing would let the session end unseen.
 * - At the end the warning closes (focus goes back where it was) and the bar shows the
 *   signed-out state with its notice, "Istuntosi on päättynyt. Kirjaudu sisään uudelleen."
 *   (`login.ts`; its status region says it).
 */
import { css, html, nothing, type ReactiveElement } from 'lit';
import { msg, str } from '@lit/localize';
import { SESSION_WARNING_EVENT } from '../events.js';
import { clock } from '../flow/clock.js';
import type { AuthClient } from '../auth/auth-client.js';
import type { FlowError } from '../flow/flow.js';
import type { SessionController } from '../flow/session-controller.js';
import { wrapTabInDialog } from './focus-wrap.js';
import { currentLocale } from './locale-hook.js';
import { errorMessage } from './messages.js';
import { alert } from './parts.js';

/** lit-html's `render`, for the element (see panel.ts). */
export { render } from 'lit';

/** What else the element hands the warning. */
export interface WarningContext {
  /** The element's id prefix. */
  readonly id: string;
  /** The element's client (read at each use). */
  client(): AuthClient;
}

const warningStyles = css`
  /* A card, also on a phone (not the sign-in form's full-screen sheet): a few lines and two buttons. */
  dialog.session-warning {
    min-inline-size: 0;
    min-block-size: 0;
    margin: auto;
    background: var(--_cl-background);
  }
  .session-warning .content {
    padding: 1.25rem;
  }
  .session-warning .title {
    flex: none;
    margin-block-end: var(--_cl-gap);
  }
  .session-warning .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }
  .session-warning .actions button {
    margin: 0;
  }
`;

/** Whole seconds left before `endsAt`, at least 0. */
export function secondsLeft(endsAt: number | null, now: number): number {
  return endsAt === null ? 0 : Math.max(Math.ceil((endsAt - now) / 1000), 0);
}

/**
 * The next moment below `seconds` at which the time left is said again: each whole minute,
 * then 30 seconds; 0 when none is left.
 */
export function nextAnnouncement(seconds: number): number {
  return seconds > 60 ? Math.floor((seconds - 1) / 60) * 60 : seconds > 30 ? 30 : 0;
}

/** "Aikaa on jäljellä 1 minuutti 45 sekuntia.": shown, and said at each announcement. */
function timeLeft(seconds: number): string {
  const left = formatTimeLeft(seconds, currentLocale());
  return msg(str`Aikaa on jäljellä ${left}.`, {
    id: 'session.time-left',
    desc: 'How long until the session ends, e.g. "1 minuutti 45 sekuntia"',
  });
}

/** "1 minuutti 45 sekuntia", "2 minutes", "30 sekunder": the time left in the language shown. */
export function formatTimeLeft(seconds: number, locale: string): string {
  const unit = (value: number, name: 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return [minutes ? unit(minutes, 'minute') : '', rest || !minutes ? unit(rest, 'second') : ''].filter(Boolean).join(' ');
}

/** The warning and the end notice of one element: rendered into its shadow root by `login.ts`. */
export class SessionWarning {
  readonly #host: ReactiveElement;
  readonly #session: SessionController;
  readonly #id: string;
  readonly #client: () => AuthClient;
  /** Whether the dialog showed after the last update. */
  #shown = false;
  /** Where focus was when the dialog opened. */
  #returnTo: HTMLElement | null = null;
  /** The live region's text: the time left, said at each announcement. */
  #said = '';
  #nextSaid = 0;
  #timer: number | undefined;
  #busy = false;
  #error: FlowError | null = null;

  constructor(host: ReactiveElement, session: SessionController, context: WarningContext) {
    this.#host = host;
    this.#session = session;
    this.#id = `${context.id}-session`;
    this.#client = () => context.client();
    // Constructable style sheets, as the form's: no inline styles, a strict CSP holds.
    const root = host.renderRoot as ShadowRoot;
    const sheet = warningStyles.styleSheet;
    if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** Whether the warning should show: signed in, near the end. */
  #wanted(): boolean {
    return this.#session.warning && this.#session.state.status === 'signed-in';
  }

  render() {
    if (!this.#wanted()) return nothing;
    const id = this.#id;
    const canContinue = typeof this.#client().refreshSession === 'function';
    return html`<dialog
      class="session-warning"
      part="session-warning"
      role="alertdialog"
      aria-labelledby=${`${id}-title`}
      aria-describedby=${`${id}-text`}
      @cancel=${(event: Event) => {
        // Escape continues the session (see above); without a refresh, it does nothing.
        event.preventDefault();
        this.#continue();
      }}
      @keydown=${wrapTabInDialog}
    >
      <div class="content">
        <div class="title" id=${`${id}-title`} role="heading" aria-level="2">${msg('Istuntosi on päättymässä', { id: 'session.ending-title' })}</div>
        <p id=${`${id}-text`}>
          ${timeLeft(secondsLeft(this.#session.endsAt, clock.now()))}
          ${
            canContinue
              ? msg('Jatka istuntoa, jos haluat pysyä kirjautuneena.', { id: 'session.continue-hint' })
              : msg('Tallenna keskeneräiset tietosi.', { id: 'session.save-hint' })
          }
        </p>
        ${
          this.#error
            ? alert(this.#error, msg('Istunnon jatkaminen ei onnistunut.', { id: 'error.refresh-failed' }), errorMessage(this.#error.code))
            : nothing
        }
        <div class="actions">
          ${
            canContinue
              ? html`<button class="button" type="button" aria-disabled=${this.#busy ? 'true' : 'false'} @click=${() => this.#continue()}>
                ${msg('Jatka istuntoa', { id: 'session.continue' })}
              </button>`
              : nothing
          }
          <button class="button secondary" type="button" @click=${() => this.#session.signOut()}>${msg('Kirjaudu ulos', { id: 'action.sign-out' })}</button>
        </div>
        <div class="sr-only" role="status">${this.#said}</div>
      </div>
    </dialog>`;
  }

  /**
   * After the element's update: opens, changes or closes the dialog, and moves focus. True when
   * it moved focus (the element then leaves focus alone).
   */
  updated(): boolean {
    const shown = this.#wanted();
    const before = this.#shown;
    const dialog = this.#host.renderRoot.querySelector<HTMLDialogElement>('dialog.session-warning');
    const from = deepActiveElement();
    // Shown modal, and only where it can be seen. Moved in the page, it is shown modal again (a
    // dialog leaves the top layer when it leaves the document). Out of the page, or unseen (its
    // host `display: none`: a page that swaps its header at another width, or zoomed in), it
    // waits, closed: a modal dialog nobody sees would leave the page inert. The element renders
    // again when its size changes, so it opens when the host shows again.
    let opened = false;
    if (shown && dialog?.isConnected && !dialog.matches(':modal')) {
      dialog.close();
      dialog.showModal();
      opened = true;
    }
    if (shown && !dialog?.getClientRects().length) {
      dialog?.close();
      return false;
    }
    this.#shown = shown;
    if (opened) dialog!.querySelector<HTMLElement>('.actions button')?.focus();
    if (shown && !before) {
      this.#returnTo = from;
      this.#error = null;
      this.#said = '';
      this.#nextSaid = nextAnnouncement(secondsLeft(this.#session.endsAt, clock.now()));
      this.#tick(true);
      const endsAt = this.#session.endsAt ?? clock.now();
      this.#host.dispatchEvent(new CustomEvent(SESSION_WARNING_EVENT, { detail: { endsAt }, bubbles: true, composed: true }));
    }
    if (opened) return true;
    if (!shown && before) {
      clock.clearTimeout(this.#timer);
      this.#busy = false;
      const target = this.#returnTo;
      this.#returnTo = null;
      // Focus left with the warning: back where it was; if that is gone (the bar's sign-out
      // button), to the bar. A resident already elsewhere (the warning closed unseen) keeps it.
      const active = document.activeElement;
      if (active && active !== document.body) return false;
      if (target?.isConnected && target.getClientRects().length) target.focus();
      else this.#host.renderRoot.querySelector<HTMLElement>('.bar button, .bar a')?.focus();
      return true;
    }
    return false;
  }

  /** Once a second while the warning shows: the time left on screen, and said at each announcement. */
  #tick(opening = false): void {
    clock.clearTimeout(this.#timer);
    if (!this.#wanted()) return;
    const seconds = secondsLeft(this.#session.endsAt, clock.now());
    if (seconds <= this.#nextSaid && seconds > 0) {
      this.#said = timeLeft(this.#nextSaid);
      this.#nextSaid = nextAnnouncement(this.#nextSaid);
    }
    if (!opening) this.#host.requestUpdate();
    // The session's own check ends it when the time is up (the wall clock decides).
    if (seconds === 0) this.#session.check();
    // At the next whole second left.
    const next = ((this.#session.endsAt ?? 0) - clock.now()) % 1000;
    this.#timer = clock.setTimeout(() => this.#tick(), next > 0 ? next : 1000);
  }

  /** "Jatka istuntoa": one refresh, in this tab; the others hear of it and close their warnings. */
  #continue(): void {
    const session = this.#session;
    if (this.#busy || !this.#client().refreshSession) return;
    this.#busy = true;
    this.#error = null;
    this.#host.requestUpdate();
    void session.run(
      (client, signal) => client.refreshSession!(signal),
      () => {
        this.#busy = false;
        session.readEnd();
        session.broadcast();
      },
      undefined,
      (code) => {
        this.#busy = false;
        // Already ended on the server: the end, as if the time had run out.
        if (code === 'session_expired') {
          session.endsAt = clock.now();
          session.check();
        } else {
          this.#error = { code, field: null, seq: (this.#error?.seq ?? 0) + 1 };
          this.#host.requestUpdate();
        }
      },
    );
  }
}

/** The focused element, looking into open shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}
