import { css } from '@lit/reactive-element';

/** Shadow styles of `<city-login>`. Public knobs are `--city-login-*`, each resolved once into a private `--_cl-*`. */
export const styles = css`
  :host {
    --_cl-primary: var(--city-login-color-primary, #0047b3);
    --_cl-on-primary: var(--city-login-color-on-primary, #fff);
    --_cl-text: var(--city-login-color-text, #1b1b1b);
    --_cl-muted: var(--city-login-color-muted, #4a4a4a);
    --_cl-background: var(--city-login-color-background, #fff);
    --_cl-field-background: var(--city-login-color-field-background, #fff);
    --_cl-muted-background: var(--city-login-color-muted-background, #f2f4f7);
    --_cl-border: var(--city-login-color-border, #6b6b6b);
    --_cl-error: var(--city-login-color-error, #b3001b);
    --_cl-focus: var(--city-login-color-focus, #0047b3);
    --_cl-radius: var(--city-login-radius, 4px);
    --_cl-gap: var(--city-login-gap, 1rem);
    --_cl-panel-width: var(--city-login-panel-width, 28rem);

    /* Nothing the page's text styles pass down (uppercase, centring, bold…) except the font. */
    all: initial;
    display: inline-block;
    /* The bar's height from the first render (the button's); as wide as its container at most,
       and a flex container may shrink it (the badge's long words break then). */
    min-block-size: 2.75rem;
    min-inline-size: 0;
    max-inline-size: 100%;
    position: relative;
    color: var(--_cl-text);
    font-family: inherit;
    font-size: var(--city-login-font-size, 1rem);
    line-height: 1.5;
  }
  :host([inline]) {
    display: block;
    max-inline-size: var(--_cl-panel-width);
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* Header bar: button, or badge and sign-out. */
  .bar,
  .header,
  .header-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
  }
  button {
    min-block-size: 2.75rem;
    min-inline-size: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid var(--_cl-primary);
    border-radius: var(--_cl-radius);
    background: none;
    color: var(--_cl-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .button {
    background: var(--_cl-primary);
    color: var(--_cl-on-primary);
  }
  .secondary {
    background: var(--_cl-background);
    color: var(--_cl-primary);
  }
  [aria-disabled='true'] {
    opacity: 0.65;
    cursor: progress;
  }
  /* While the session is checked: a quiet box as large as the sign-in button will be (its text
     laid out unseen, with the button's padding, border and weight), so "FIN ▼" does not move. */
  .placeholder {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-block-size: 2.75rem;
    min-inline-size: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid transparent;
    border-radius: var(--_cl-radius);
    background: var(--_cl-muted-background);
    font-weight: 600;
    text-align: center;
    user-select: none;
  }
  .placeholder > span {
    visibility: hidden;
  }
  a,
  .badge,
  .link {
    color: var(--_cl-primary);
    font-weight: 400;
    /* An address breaks only where it cannot fit on a line of its own (not "…@espoo.f / i" in a squeezed bar). */
    overflow-wrap: break-word;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  .badge {
    min-inline-size: 0;
    font-weight: 600;
  }
  /* The address after the name: regular weight, narrower, so it fits a phone's line whole. */
  .badge bdi + bdi {
    font-weight: 400;
  }
  span.badge {
    color: inherit;
    text-decoration: none;
  }
  .link,
  .close,
  .language-toggle,
  .language-list button {
    min-block-size: 1.5rem;
    padding: 0.125rem 0;
    border: 0;
    text-align: start;
  }
  :focus-visible {
    outline: 3px solid var(--_cl-focus);
    outline-offset: 2px;
  }

  /* The sign-in panel (in the dialog, or in place with inline). The dialog hangs a fixed
     distance from the top (not centred): a status or error that appears makes it grow downward,
     and the title and fields stay where they are. */
  dialog {
    --_cl-dialog-top: max(0.5rem, min(6dvh, 3rem));
    inline-size: min(var(--_cl-panel-width), calc(100vw - 1rem));
    max-inline-size: calc(100vw - 1rem);
    max-block-size: calc(100dvh - var(--_cl-dialog-top) - 0.5rem);
    margin-block: var(--_cl-dialog-top) auto;
    padding: 0;
    border: 0;
    border-radius: var(--_cl-radius);
    color: inherit;
    box-shadow: 0 0.5rem 2rem #0009;
  }
  dialog::backdrop {
    background: #0008;
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
  /* A phone's sign-in page: the page's own margins frame the form; no box inside them. */
  @media (max-width: 30rem) {
    :host([inline]) .panel {
      padding: 0;
      border: 0;
    }
  }
  .header {
    align-items: baseline;
    justify-content: space-between;
    margin-block-end: var(--_cl-gap);
  }
  .header-actions {
    gap: 0.25rem;
    margin-inline-start: auto;
  }
  /* A word too long to sit beside "FIN ▼" and "×" sends them to a row of their own; it breaks
     only when it cannot fit on a row by itself. */
  .title {
    flex: 1 1 8rem;
    overflow-wrap: break-word;
    hyphens: auto;
    font-size: 1.5rem;
    line-height: 1.25;
    font-weight: 700;
    outline: none;
  }
  .close {
    min-inline-size: 2.75rem;
    color: inherit;
    font-size: 1.5rem;
    font-weight: 400;
    line-height: 1;
    text-align: center;
  }
  p {
    margin: 0 0 var(--_cl-gap);
  }
  .error {
    margin-block-end: var(--_cl-gap);
    padding: 0.75rem 1rem;
    border: 2px solid var(--_cl-error);
    border-inline-start-width: 6px;
    border-radius: var(--_cl-radius);
  }
  .error p {
    margin: 0.5rem 0 0;
  }
  .error p:first-child {
    margin: 0;
  }
  .error-title {
    color: var(--_cl-error);
    font-weight: 700;
  }
  .status {
    color: var(--_cl-muted);
  }
  .status {
    margin-block-start: var(--_cl-gap);
  }
  .status:empty {
    display: none;
  }

  /* The bar's popover: an error or notice under the bar, over the page (the host keeps its height). */
  .pop {
    position: absolute;
    inset-block-start: 100%;
    inset-inline-end: 0;
    z-index: 2;
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    inline-size: max-content;
    max-inline-size: min(24rem, 100vw - 2rem);
    margin-block-start: 0.25rem;
    padding: 0.75rem;
    border: 1px solid var(--_cl-border);
    border-radius: var(--_cl-radius);
    background: var(--_cl-background);
    box-shadow: 0 0.25rem 1rem #0003;
  }
  /* An error in the popover: the popover is its box; the error keeps only its red edge. */
  .pop > .error {
    flex: 1;
    margin: 0;
    padding: 0 0 0 0.75rem;
    border-width: 0 0 0 6px;
    border-radius: 0;
  }
  .pop > * {
    flex: 1;
    margin: 0;
    color: inherit;
  }
  .pop .close {
    flex: none;
  }
  .start {
    inset-inline: 0 auto;
  }
  /* In place (signed in on a sign-in page), the message sits in the panel's flow. */
  :host([inline]) .pop {
    position: static;
    margin-block-start: var(--_cl-gap);
  }

  /* Language switch ("FIN ▼"): a disclosure button and its list. */
  .language {
    position: relative;
  }
  .language-toggle {
    display: inline-flex;
    align-items: center;
    min-block-size: 2.75rem;
    padding: 0.5rem 0.75rem;
    font-weight: 700;
    text-align: center;
  }
  [aria-expanded='true'] .caret {
    display: inline-block;
    transform: rotate(180deg);
  }
  /* A margin, not the toggle's gap: engines count a gap around the absolutely positioned
     visually-hidden text differently (8 px in Chromium, 4 px in Firefox and WebKit). */
  .caret {
    margin-inline-start: 0.5rem;
    font-size: 0.75em;
  }
  .language-list {
    position: absolute;
    inset-inline-end: 0;
    z-index: 1;
    min-inline-size: 9rem;
    margin: 0.25rem 0 0;
    padding: 0.25rem;
    list-style: none;
    border: 1px solid var(--_cl-border);
    border-radius: var(--_cl-radius);
    background: var(--_cl-background);
    box-shadow: 0 0.25rem 1rem #0003;
  }
  [hidden] {
    display: none;
  }
  .language-list button {
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: 0.5rem 0.75rem;
    color: var(--_cl-text);
    font-weight: 400;
  }
  .language-list button:hover {
    background: var(--_cl-muted-background);
  }
  .language-list [aria-current='true'] {
    font-weight: 700;
    text-decoration: underline;
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
    /* Borders the normal theme leaves out show the controls' edges here. */
    button:not(.link),
    .error,
    .placeholder,
    .language-list,
    dialog {
      border: 1px solid CanvasText;
    }
  }
  /* A phone: the dialog is a full-screen sheet (from the first frame, before the form's chunk);
     the title, "FIN ▼" and "×" share one row, a long title wrapping beside them. Last: over
     the rules above. */
  @media (max-width: 30rem) {
    dialog {
      min-inline-size: 100%;
      min-block-size: 100%;
      margin: 0;
      border-radius: 0;
    }
    .panel {
      padding-inline: 1rem;
    }
    .header {
      flex-wrap: nowrap;
      column-gap: 0.5rem;
    }
    /* 1.125rem: the longest word of a title ("användarnamnet") fits beside "SWE ▼" and "×" at 320 px. */
    .title {
      flex-basis: 0;
      min-inline-size: 0;
      font-size: 1.125rem;
    }
    .language-toggle {
      padding-inline: 0.25rem;
    }
    .close {
      min-inline-size: 2.5rem;
    }
  }
`;
