import { css } from 'lit';

/**
 * Shadow styles of the sign-in panel's content, added to the element's own (`login.styles.ts`)
 * when the form's chunk loads: the notices, the footer, the muted contact line, the shield of
 * the slotted light-DOM form against the page's CSS, the phone layout, and the dark theme.
 */
export const panelStyles = css`
  :host {
    --_cl-notice-background: var(--city-login-color-notice-background, #eef4fc);
  }
  ::slotted(form) {
    all: revert !important;
    display: block !important;
    margin: 0 !important;
    font: inherit !important;
    color: inherit !important;
  }
  /* Strong identification: a link that looks like the panel's secondary buttons. */
  .strong a {
    display: inline-flex;
    align-items: center;
    min-block-size: 2.75rem;
    padding: 0.5rem 1rem;
    box-sizing: border-box;
    border: 2px solid var(--_cl-primary);
    border-radius: var(--_cl-radius);
    font-weight: 600;
    text-decoration: none;
  }
  /* Signed in on a sign-in page: "Jatka palveluun", the way on, looks like the primary button. */
  .onward {
    display: inline-flex;
    align-items: center;
    min-block-size: 2.75rem;
    padding: 0.5rem 1rem;
    border-radius: var(--_cl-radius);
    font-weight: 600;
    text-decoration: none;
  }
  /* A resident's text spacing (WCAG 1.4.12) reaches the buttons too (engines reset it on them). */
  button {
    letter-spacing: inherit;
    word-spacing: inherit;
  }
  /* One place for messages: the error box and the status sit right above the form's fields,
     after the step's text, so the message, the field and its button are seen together (on a
     phone the panel scrolls them into view under its title row: panel.ts). */
  .panel {
    display: flex;
    flex-direction: column;
  }
  .panel > .error,
  .panel > .status {
    margin-block: 0 var(--_cl-gap);
  }
  /* The dialog's content scrolls under its title row, and never the page behind it. A message
     that arrives above the form pushes the form down instead of scrolling itself out of view. */
  dialog {
    background: var(--_cl-background);
    overscroll-behavior: contain;
    overflow-anchor: none;
    scroll-padding-block-start: 5rem;
  }
  dialog .panel {
    padding-block-start: 0;
  }
  dialog .header {
    position: sticky;
    top: 0;
    z-index: 1;
    padding-block: 1.25rem 0.5rem;
    margin-block-end: 0.5rem;
    background: var(--_cl-background);
  }
  .notice {
    padding: 0.75rem 1rem;
    border-inline-start: 4px solid var(--_cl-primary);
    background: var(--_cl-notice-background);
  }
  /* A confirmation ("Linkki lähetetty", "Salasana vaihdettu") takes focus only so that a screen
     reader reads it (tabindex=-1, never reached with Tab): it does nothing, so no focus ring,
     even when the keyboard action before it makes that focus "visible". */
  .notice[tabindex='-1']:focus {
    outline: none;
  }
  .footer {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  .muted {
    color: var(--_cl-muted);
  }
  /* A phone (the sheet itself is the element's: login.styles.ts, shown before this chunk arrives). */
  @media (max-width: 30rem) {
    dialog .header {
      padding-block: 0.5rem 0.25rem;
    }
    /* Tighter rows, so the field and its button fit under the step's text at 320 × 640. */
    :host {
      --_cl-gap: var(--city-login-gap, 0.75rem);
    }
    .notice,
    .error {
      padding: 0.5rem 0.75rem;
    }
    /* A new password's rules as one sentence ("Salasanassa pitää olla: vähintään 10 merkkiä,
       pieni kirjain (a–z), …"): the form and its button stay in view with an error at 320 × 640. */
    div:has(> .rules) {
      margin-block: calc(var(--_cl-gap) * -0.5) calc(var(--_cl-gap) * 0.5);
    }
    div:has(> .rules) > p,
    .rules,
    .rules li {
      display: inline;
    }
    .rules {
      margin: 0;
      padding: 0;
    }
    /* The space after "olla:" (the built template has none between the title and the list). */
    div:has(> .rules) > p::after {
      content: ' ';
    }
    .rules li:not(:last-child)::after {
      content: ', ';
    }
    .rules li:last-child::after {
      content: '.';
    }
    /* Strong identification on one line where it can (then "Jatka" stays in view at 320 × 640). */
    .strong a {
      padding-inline: 0.5rem;
      font-size: 0.9375rem;
    }
  }
  /* A dark preference: dark defaults for the panel (it draws its own background; the bar stays
     on the page's). Every public --city-login-* property still wins; the surfaces, muted text and
     borders, the error colour and the focus ring a page leaves unset follow its background, text
     and primary, and the text on a primary button is black or white, whichever reads on it. */
  @media (prefers-color-scheme: dark) {
    dialog,
    .panel {
      --_cl-background: var(--city-login-color-background, #1c1e22);
      --_cl-text: var(--city-login-color-text, #ececec);
      --_cl-primary: var(--city-login-color-primary, #9ec1ff);
      --_cl-on-primary: var(--city-login-color-on-primary, #000);
      --_cl-focus: var(--city-login-color-focus, var(--_cl-primary));
      --_cl-error: var(--city-login-color-error, color-mix(in oklab, #ff4050 55%, var(--_cl-text)));
      --_cl-muted: var(--city-login-color-muted, color-mix(in oklab, var(--_cl-text) 80%, var(--_cl-background)));
      --_cl-border: var(--city-login-color-border, color-mix(in oklab, var(--_cl-text) 60%, var(--_cl-background)));
      --_cl-field-background: var(--city-login-color-field-background, color-mix(in oklab, var(--_cl-text) 7%, var(--_cl-background)));
      --_cl-muted-background: var(--city-login-color-muted-background, color-mix(in oklab, var(--_cl-text) 14%, var(--_cl-background)));
      --_cl-notice-background: var(--city-login-color-notice-background, color-mix(in oklab, var(--_cl-primary) 18%, var(--_cl-background)));
      color: var(--_cl-text);
      color-scheme: dark;
    }
    @supports (color: oklch(from red l c h)) {
      dialog,
      .panel {
        --_cl-on-primary: var(--city-login-color-on-primary, oklch(from var(--_cl-primary) clamp(0, (0.7 - l) * 99, 1) 0 0));
      }
    }
  }
  @media (forced-colors: active) {
    .notice,
    .onward {
      border: 1px solid CanvasText;
    }
  }
`;
