import { css } from 'lit';

/** Shadow styles of `<city-login>`. Public knobs are `--city-login-*`, each resolved once into a private `--_cl-*`. */
export const styles = css`
  :host {
    --_cl-primary: var(--city-login-color-primary, #0047b3);
    --_cl-on-primary: var(--city-login-color-on-primary, #ffffff);
    --_cl-text: var(--city-login-color-text, #1b1b1b);
    --_cl-muted: var(--city-login-color-muted, #4a4a4a);
    --_cl-background: var(--city-login-color-background, #ffffff);
    --_cl-field-background: var(--city-login-color-field-background, #ffffff);
    --_cl-muted-background: var(--city-login-color-muted-background, #f2f4f7);
    --_cl-border: var(--city-login-color-border, #6b6b6b);
    --_cl-error: var(--city-login-color-error, #b3001b);
    --_cl-notice-background: var(--city-login-color-notice-background, #eef4fc);
    --_cl-focus: var(--city-login-color-focus, #0047b3);
    --_cl-radius: var(--city-login-radius, 4px);
    --_cl-gap: var(--city-login-gap, 1rem);
    --_cl-panel-width: var(--city-login-panel-width, 28rem);

    display: inline-block;
    box-sizing: border-box;
    color: var(--_cl-text);
    font-family: inherit;
    font-size: var(--city-login-font-size, 1rem);
    font-weight: 400;
    font-style: normal;
    line-height: 1.5;
    letter-spacing: normal;
    text-align: start;
    text-transform: none;
    white-space: normal;
  }
  :host([inline]) {
    display: block;
    max-inline-size: var(--_cl-panel-width);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  ::slotted(form) {
    all: revert !important;
    display: block !important;
    margin: 0 !important;
    padding: 0 !important;
    border: 0 !important;
    font: inherit !important;
    color: inherit !important;
  }

  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  /* Header bar: button, or badge and sign-out. */
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
  }
  button,
  .badge {
    font: inherit;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-block-size: 2.75rem;
    min-inline-size: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid var(--_cl-primary);
    border-radius: var(--_cl-radius);
    background: var(--_cl-primary);
    color: var(--_cl-on-primary);
    font-weight: 600;
    cursor: pointer;
  }
  .button.secondary {
    background: var(--_cl-background);
    color: var(--_cl-primary);
  }
  .button[aria-disabled='true'] {
    opacity: 0.65;
    cursor: progress;
  }
  .placeholder {
    display: inline-block;
    min-block-size: 2.75rem;
    min-inline-size: 8rem;
    border-radius: var(--_cl-radius);
    background: var(--_cl-muted-background);
  }
  .badge {
    color: var(--_cl-primary);
    font-weight: 600;
    overflow-wrap: anywhere;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  span.badge {
    color: inherit;
    text-decoration: none;
  }
  a,
  .link {
    color: var(--_cl-primary);
    text-decoration: underline;
    text-underline-offset: 0.2em;
    overflow-wrap: anywhere;
  }
  .link {
    display: inline;
    min-block-size: 1.5rem;
    padding: 0.125rem 0;
    border: 0;
    background: none;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid var(--_cl-focus);
    outline-offset: 2px;
  }

  /* The sign-in panel (in the dialog, or in place with inline). */
  dialog {
    inline-size: min(var(--_cl-panel-width), calc(100vw - 1rem));
    max-inline-size: calc(100vw - 1rem);
    max-block-size: calc(100dvh - 1rem);
    padding: 0;
    border: 0;
    border-radius: var(--_cl-radius);
    background: var(--_cl-background);
    color: var(--_cl-text);
    box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 0.35);
    overflow: auto;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  .panel {
    display: block;
    padding: 1.25rem;
    background: var(--_cl-background);
  }
  :host([inline]) .panel {
    border: 1px solid var(--_cl-border);
    border-radius: var(--_cl-radius);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    margin-block-end: var(--_cl-gap);
  }
  .title {
    flex: 1 1 12rem;
    min-inline-size: 0;
    overflow-wrap: anywhere;
    hyphens: auto;
    margin: 0;
    font-size: 1.5rem;
    line-height: 1.25;
    font-weight: 700;
  }
  .title:focus {
    outline: none;
  }
  .close {
    flex: none;
    min-block-size: 2.75rem;
    min-inline-size: 2.75rem;
    border: 1px solid transparent;
    border-radius: var(--_cl-radius);
    background: none;
    color: var(--_cl-text);
    font-size: 1.5rem;
    line-height: 1;
    cursor: pointer;
  }
  p {
    margin: 0 0 var(--_cl-gap);
  }
  .notice {
    padding: 0.75rem 1rem;
    border-inline-start: 4px solid var(--_cl-primary);
    background: var(--_cl-notice-background);
  }
  .error {
    margin-block-end: var(--_cl-gap);
    padding: 0.75rem 1rem;
    border: 2px solid var(--_cl-error);
    border-inline-start-width: 6px;
    border-radius: var(--_cl-radius);
    color: var(--_cl-text);
  }
  .error p {
    margin: 0;
  }
  .error p + p {
    margin-block-start: 0.5rem;
  }
  .error-title {
    color: var(--_cl-error);
    font-weight: 700;
  }
  .footer {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  .muted {
    color: var(--_cl-muted);
  }
  .status:empty {
    display: none;
  }
  .status {
    margin-block-start: var(--_cl-gap);
    color: var(--_cl-muted);
  }

  /* Language switch ("FIN ▼"): a disclosure button and its list. */
  .language {
    position: relative;
    display: inline-block;
  }
  .language-toggle {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    min-block-size: 2.75rem;
    min-inline-size: 2.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid transparent;
    border-radius: var(--_cl-radius);
    background: none;
    color: var(--_cl-primary);
    font-weight: 700;
    cursor: pointer;
  }
  .language-toggle[aria-expanded='true'] .caret {
    display: inline-block;
    transform: rotate(180deg);
  }
  .caret {
    font-size: 0.75em;
  }
  .language-list {
    position: absolute;
    inset-inline-end: 0;
    inset-block-start: 100%;
    z-index: 1;
    min-inline-size: 9rem;
    margin: 0.25rem 0 0;
    padding: 0.25rem;
    list-style: none;
    border: 1px solid var(--_cl-border);
    border-radius: var(--_cl-radius);
    background: var(--_cl-background);
    box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.2);
  }
  .language-list[hidden] {
    display: none;
  }
  .language-list button {
    display: block;
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: 0.5rem 0.75rem;
    border: 0;
    border-radius: var(--_cl-radius);
    background: none;
    color: var(--_cl-text);
    text-align: start;
    cursor: pointer;
  }
  .language-list button:hover {
    background: var(--_cl-muted-background);
  }
  .language-list button[aria-current='true'] {
    font-weight: 700;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  /* The language switch and the close button stay together; on a narrow screen they
     move as one below the title, at the end. */
  .header-actions {
    display: flex;
    align-items: center;
    gap: 0.25rem;
    margin-inline-start: auto;
  }

  @media (prefers-reduced-motion: no-preference) {
    dialog[open] {
      animation: city-login-in 150ms ease-out;
    }
    /* Movement only: fading would lower the text's contrast while it runs. */
    @keyframes city-login-in {
      from {
        transform: translateY(0.5rem);
      }
    }
  }
  @media (forced-colors: active) {
    .button,
    .close,
    .error,
    .notice,
    .placeholder,
    .language-list {
      border: 1px solid CanvasText;
    }
  }
`;
