/**
 * Issue 17: the warning before the session ends, and the end, against the same mock backend as
 * every story (its sessions end `sessionSeconds` after they start). The toolbar switches the
 * language and the theme; the Storybook sweep opens each story in fi, sv and en and the second
 * theme, with axe.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { BackendParameters } from './support/backend.js';
import { argTypes, DEFAULT_ARGS, renderCityLogin } from './support/manifest.js';
import { cityLogin, part, settle, until, waitForPart } from './support/play.js';

const backend = (parameters: BackendParameters): { backend: BackendParameters } => ({ backend: parameters });

const meta = {
  title: 'City login/Session lifetime',
  component: 'city-login',
  render: (args) => renderCityLogin(args),
  args: DEFAULT_ARGS,
  argTypes: argTypes(),
  parameters: { layout: 'padded', backend: {} satisfies BackendParameters },
} satisfies Meta;

export default meta;
type Story = StoryObj;

/**
 * Signed in, and the session ends in ten minutes: with `session-warning-seconds` at an hour here,
 * the warning shows at once (by default it shows two minutes before the end). A modal
 * alert dialog says how long is left, "Jatka istuntoa" (focused; Escape does the same) and
 * "Kirjaudu ulos". The time left is said when it opens, then at each minute and at 30 seconds.
 */
export const Warning: Story = {
  name: 'Session ending: warning',
  parameters: backend({ session: 'signed-in', sessionSeconds: 600 }),
  render: (args) => {
    const element = renderCityLogin(args);
    element.setAttribute('session-warning-seconds', '3600');
    return element;
  },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await until(() => part<HTMLDialogElement>(element, 'dialog[part="session-warning"]')?.open, 'the warning');
    await settle(element);
  },
};

/**
 * The session ended (here two seconds after the page asked, the warning showing meanwhile): the
 * warning closes, the bar shows "Kirjaudu sisään" and the notice "Istuntosi on päättynyt.
 * Kirjaudu sisään uudelleen.", and `city-login-signed-out` says `{reason: 'session-expired'}`.
 */
export const Ended: Story = {
  name: 'Session ended: notice',
  parameters: backend({ session: 'signed-in', sessionSeconds: 2 }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, 'sign-in-button', 15_000);
    await until(() => part(element, '.pop [role=status]')?.textContent?.trim(), 'the notice', 8000);
    await settle(element);
  },
};
