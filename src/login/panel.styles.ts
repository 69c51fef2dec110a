import { css } from 'lit';

/**
 * Shadow styles of the sign-in panel's content, added to the element's own (`login.styles.ts`)
 * when the form's chunk loads: the notices, the footer, the muted contact line, and the shield
 * of the slotted light-DOM form against the page's CSS.
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
  .notice {
    padding: 0.75rem 1rem;
    border-inline-start: 4px solid var(--_cl-primary);
    background: var(--_cl-notice-background);
  }
  /* The panel's status sits with the alert, above the form: one place for messages. */
  .status {
    margin-block: 0 var(--_cl-gap);
  }
  .footer {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  .muted {
    color: var(--_cl-muted);
  }
  @media (forced-colors: active) {
    .notice {
      border: 1px solid CanvasText;
    }
  }
`;
