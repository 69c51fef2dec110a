/**
 * Pieces of the view shared by the header bar (with the element) and the sign-in form
 * (loaded on demand), which imports them from the element's bundle.
 */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { FlowError } from '../flow/flow.js';

/**
 * An error box (`role=alert`). Keyed by the error's `seq`: a new error is a new node, so it is
 * announced even when its text is the same as the last one's.
 */
export function alert(error: FlowError, title: string, message: string, wait: unknown = nothing, contact: unknown = nothing) {
  return keyed(
    error.seq,
    html`<div class="error" part="error" role="alert">
      ${title ? html`<p class="error-title">${title}</p>` : nothing}
      <p>${message} ${wait}</p>
      ${contact}
    </div>`,
  );
}

/** The one polite live region of a view: `text` (visible when `visible`), and `spoken` for screen readers only. */
export function status(text: string, visible = false, spoken = '') {
  return html`<div class=${visible ? 'status' : 'sr-only'} part="status" role="status">
    ${spoken ? html`<span class="sr-only">${spoken}</span>` : nothing}${text}
  </div>`;
}
