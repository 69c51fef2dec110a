/**
 * Tab wraps at the edges of the modal dialog: Tab on its last control goes to the first,
 * Shift+Tab on the first (or on the heading, which takes focus after a step change) to the
 * last.
 *
 * Without it, Firefox (ESR 153) sends Tab from the last control of a modal `<dialog>` that
 * sits in a shadow root to the browser's UI, and the next Tab comes back to the *last*
 * control: a keyboard user cycles between one link and the browser chrome. Now every
 * engine keeps Tab inside the dialog the same way.
 *
 * The dialog's first and last controls are in the shadow root (the header's language and
 * close buttons, the footer's links); the slotted form sits between them, so a query of the
 * dialog's own subtree finds both edges. test/component/engines.test.ts tabs round it.
 */
export function wrapTabInDialog(event: KeyboardEvent): void {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
  const controls = [...(event.currentTarget as Element).querySelectorAll<HTMLElement>('a[href],button:enabled')].filter(
    (control) => control.getClientRects().length,
  );
  const from = event.composedPath()[0] as Element;
  const to = event.shiftKey
    ? (from === controls[0] || from.matches('[part=title]')) && controls.at(-1)
    : from === controls.at(-1) && controls[0];
  if (!to) return;
  event.preventDefault();
  to.focus();
}
