import { LitElement, css, html } from 'lit';

/**
 * @internal Chrome for one row of the light-DOM form: a label, a native input
 * or button, an optional action and an error. The native controls stay in the
 * light DOM (password managers see them); this shadow root only styles them,
 * with `!important` so that the host page's CSS cannot reach them.
 *
 * @slot label - the `<label>`
 * @slot input - the `<input>` or submit `<button>`
 * @slot action - a button beside the input (change identifier)
 * @slot error - the error text the input's `aria-describedby` points to
 *
 * A `readonly` attribute (the identifier on step 2): the action beside the input where an address
 * fits beside it (24rem), beside the label in a narrower field.
 */
export class CityLoginField extends LitElement {
  static override styles = css`
    :host {
      all: initial !important;
      display: block !important;
      box-sizing: border-box !important;
      margin-block: 0 var(--_cl-gap, 1rem) !important;
      font: inherit !important;
      color: inherit !important;
      /* A resident's text spacing (WCAG 1.4.12) and the panel's colour scheme pass through;
         nothing else of the page's does. */
      line-height: inherit !important;
      letter-spacing: inherit !important;
      word-spacing: inherit !important;
      color-scheme: inherit !important;
      text-align: start !important;
    }
    /* A grid: the label; the input and its action ("Näytä") side by side; the error right under
       the input. A read-only input (the identifier on step 2) has its action ("Vaihda") beside it
       too where an address fits beside the button (24rem: the dialog at desktop widths); in a
       narrower field it takes the row's whole width, for the address, and "Vaihda" goes up beside
       the label (order: placed after it), the label centred on it, a gap above the field. */
    :host([kind='text']) {
      display: grid !important;
      grid-template-columns: minmax(0, 1fr) auto !important;
    }
    :host([kind='text'][readonly]) {
      container-type: inline-size !important;
    }
    :host([readonly]) ::slotted([slot='label']),
    :host([readonly]) ::slotted([slot='action']) {
      align-self: center !important;
      margin-block-end: 0.5rem !important;
    }
    @container (min-width: 24rem) {
      :host([readonly]) ::slotted([slot='label']) {
        grid-column: 1 / -1 !important;
        align-self: auto !important;
        margin-block-end: 0.25rem !important;
      }
      :host([readonly]) ::slotted([slot='action']) {
        margin-block-end: 0 !important;
      }
      :host([readonly]) ::slotted(input[readonly]) {
        grid-column: 1 !important;
        order: 0 !important;
      }
    }
    :host([hidden]) {
      display: none !important;
    }
    ::slotted(*) {
      all: revert !important;
      box-sizing: border-box !important;
      margin: 0 !important;
      font: inherit !important;
      color: inherit !important;
      letter-spacing: inherit !important;
      word-spacing: inherit !important;
      text-transform: none !important;
      max-inline-size: 100% !important;
    }
    ::slotted([slot='label']) {
      display: block !important;
      font-weight: 600 !important;
      margin-block-end: 0.25rem !important;
      overflow-wrap: break-word !important;
    }
    :host([kind='text']) .control {
      display: contents;
    }
    ::slotted([slot='label']),
    ::slotted(input) {
      grid-column: 1 !important;
    }
    ::slotted([slot='action']) {
      grid-column: 2 !important;
    }
    ::slotted(input[readonly]),
    ::slotted([slot='error']) {
      grid-column: 1 / -1 !important;
      order: 1 !important;
    }
    .control {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    ::slotted(input:not([type='checkbox'])) {
      display: block !important;
      inline-size: 100% !important;
      min-inline-size: 0 !important;
      min-block-size: 2.75rem !important;
      padding: 0.5rem 0.75rem !important;
      border: 1px solid var(--_cl-border) !important;
      border-radius: var(--_cl-radius) !important;
      background: var(--_cl-field-background) !important;
      color: var(--_cl-text) !important;
    }
    ::slotted(input[readonly]) {
      background: var(--_cl-muted-background) !important;
      border-style: dashed !important;
    }
    ::slotted(input[aria-invalid='true']) {
      border: 2px solid var(--_cl-error) !important;
    }
    ::slotted(input:focus-visible),
    ::slotted(button:focus-visible) {
      outline: 3px solid var(--_cl-focus) !important;
      outline-offset: 2px !important;
    }
    ::slotted(button) {
      display: inline-flex !important;
      align-items: center !important;
      justify-content: center !important;
      min-block-size: 2.75rem !important;
      min-inline-size: 2.75rem !important;
      padding: 0.5rem 1rem !important;
      border-radius: var(--_cl-radius) !important;
      cursor: pointer !important;
      font-weight: 600 !important;
      overflow-wrap: anywhere !important;
    }
    ::slotted([slot='action']) {
      margin-inline-start: 0.5rem !important;
      border: 1px solid var(--_cl-primary) !important;
      background: var(--_cl-background) !important;
      color: var(--_cl-primary) !important;
    }
    :host([kind='submit']) ::slotted(button) {
      inline-size: 100% !important;
      border: 2px solid var(--_cl-primary) !important;
      background: var(--_cl-primary) !important;
      color: var(--_cl-on-primary) !important;
    }
    :host([kind='submit']) ::slotted(button[aria-disabled='true']) {
      opacity: 0.65 !important;
      cursor: not-allowed !important;
    }
    ::slotted([slot='error']) {
      display: block !important;
      margin-block-start: 0.25rem !important;
      color: var(--_cl-error) !important;
      font-weight: 600 !important;
      overflow-wrap: anywhere !important;
    }
    :host([kind='check']) .control {
      flex-wrap: nowrap;
      align-items: center;
      gap: 0.5rem;
    }
    :host([kind='check']) ::slotted(input) {
      flex: none !important;
      inline-size: 1.5rem !important;
      block-size: 1.5rem !important;
      accent-color: var(--_cl-primary) !important;
    }
    :host([kind='check']) ::slotted([slot='label']) {
      font-weight: 400 !important;
      margin: 0 !important;
      cursor: pointer !important;
    }
    @media (forced-colors: active) {
      ::slotted(input),
      ::slotted(button) {
        border: 1px solid ButtonText !important;
      }
    }
  `;

  static override properties = { kind: { reflect: true } };

  /** `text` (label, input, action, error), `check` (checkbox and its label), `submit` (a full-width button). */
  kind: 'text' | 'check' | 'submit' = 'text';

  protected override render() {
    return this.kind === 'check'
      ? html`<div class="control"><slot name="input"></slot><slot name="label"></slot></div><slot name="error"></slot>`
      : html`<slot name="label"></slot>
          <div class="control"><slot name="input"></slot><slot name="action"></slot></div>
          <slot name="error"></slot>`;
  }
}
