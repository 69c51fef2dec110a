/**
 * <city-login>, one story per state. Every story renders the real element against
 * the one mock backend (mock/backend.ts) through the demo's msw handlers; a
 * story that needs clicks reaches its state in a `play` function, as a resident
 * would, and waits until the state has rendered. The toolbar switches the language
 * (fi / sv / en) and the theme; the stories themselves never depend on the words.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { CityLogin } from '../src/login/login.js';
import {
  BREACHED_PASSWORDS,
  DEMO_PASSWORD,
  DELIVERY_FAILS_EMAIL,
  ERKKI_RESET_TOKEN,
  EXPIRED_RESET_TOKEN,
  LOCKED_IDENTIFIER,
  UNKNOWN_RESET_TOKEN,
  type MockAuthBackend,
} from '../mock/backend.js';
import { ERKKI, type BackendParameters } from './support/backend.js';
import { argTypes, DEFAULT_ARGS, renderCityLogin } from './support/manifest.js';
import {
  check,
  cityLogin,
  fill,
  input,
  openDialog,
  part,
  passwordFails,
  settle,
  signInButton,
  submit,
  toForgotStep,
  toPasswordStep,
  until,
  waitForInput,
  waitForPart,
} from './support/play.js';

const backend = (parameters: BackendParameters): { backend: BackendParameters } => ({ backend: parameters });

/** A wrong password as the resident would type it. */
const WRONG_PASSWORD = 'vaara-salasana';

const meta = {
  title: 'City login',
  component: 'city-login',
  render: (args) => renderCityLogin(args),
  args: DEFAULT_ARGS,
  argTypes: argTypes(),
  parameters: {
    layout: 'padded',
    backend: {} satisfies BackendParameters,
  },
} satisfies Meta;

export default meta;
type Story = StoryObj;

// ------------------------------------------------------------------ signed out

/**
 * The header of an e-service for a resident who is not signed in: the session check
 * on load answered 401, so the element shows "Kirjaudu sisään" and the language switch.
 */
export const SignedOut: Story = {
  name: 'Signed out (header)',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await signInButton(element);
    await settle(element);
  },
};

/**
 * The resident pressed "Kirjaudu sisään": the modal dialog at step 1 of 2, with the
 * migration notice, the help and create-account links, the authority-user line and the
 * contact line. Focus is in the identifier field.
 */
export const DialogOpen: Story = {
  name: 'Dialog open: step 1',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    check(document.activeElement === input(element, 'username'), 'focus is in the identifier field');
  },
};

type PanelLoader = Pick<typeof CityLogin, 'importPanel' | 'panelModule'>;

/** Holds the sign-in form's chunk back (`never`) or makes it fail, for one story. */
function formChunk(outcome: 'never' | 'fail') {
  return () => {
    const element = customElements.get('city-login') as unknown as PanelLoader;
    const { importPanel, panelModule } = element;
    element.panelModule = undefined;
    element.importPanel = () =>
      outcome === 'never' ? new Promise(() => {}) : Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    return () => {
      element.importPanel = importPanel;
      element.panelModule = panelModule;
    };
  };
}

/** Clicks "Kirjaudu sisään" without waiting for the form (its chunk is held back or fails here). */
async function clickSignIn(canvasElement: HTMLElement): Promise<CityLogin> {
  const element = await until(() => canvasElement.querySelector<CityLogin>('city-login'), '<city-login> in the canvas');
  (await waitForPart(element, 'sign-in-button')).click();
  await until(() => part<HTMLDialogElement>(element, 'dialog')?.open, 'the dialog to open');
  return element;
}

/**
 * The form loads on demand (when the browser is idle, or on intent). Pressed before it has
 * arrived (a slow network), the dialog opens at once: its heading (focused), the language
 * switch and close, and "Ladataan…" (busy) until the form comes. Here it never does.
 */
export const FormLoading: Story = {
  name: 'Dialog open: the form still loading',
  beforeEach: formChunk('never'),
  play: async ({ canvasElement }) => {
    const element = await clickSignIn(canvasElement);
    await waitForPart(element, '.loading[aria-busy="true"]');
    await until(() => element.shadowRoot?.activeElement === part(element, 'title'), 'focus on the heading');
  },
};

/**
 * The form's chunk could not be loaded (offline, the server failed): the resident is told
 * in their language that the service could not be reached, with "Yritä uudelleen", which
 * loads it again. The page and the header bar keep working.
 */
export const FormFailed: Story = {
  name: 'Dialog open: the form failed to load',
  beforeEach: formChunk('fail'),
  play: async ({ canvasElement }) => {
    const element = await clickSignIn(canvasElement);
    await waitForPart(element, 'error');
  },
};

/**
 * Step 1 sent empty: the element refuses it before asking the server, marks the field
 * invalid, says why under it (role="alert") and keeps focus in it.
 */
export const ValidationError: Story = {
  name: 'Step 1: validation error',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await submit(element, () => input(element, 'username')?.getAttribute('aria-invalid') === 'true');
    await settle(element);
  },
};

/**
 * The identifier was sent and its answer has not come (the identify call is on its way): "Jatka"
 * is busy (aria-disabled) and the live region says so; what was typed stays. Here the mock never
 * answers, so the state stays.
 */
export const Identifying: Story = {
  name: 'Step 1: checking the identifier (waiting)',
  args: { timeout: 3_600_000 },
  parameters: backend({ faults: { identify: 'hang' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await fill(element, 'username', ERKKI.username);
    await submit(element, () => element.querySelector('form button[type="submit"]')?.getAttribute('aria-disabled') === 'true');
    await until(() => part(element, 'status')?.textContent?.trim(), 'the progress message');
    await settle(element);
  },
};

/**
 * The connection failed while the identifier was on its way (the browser is online): "Palveluun
 * ei saatu yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen." Step 1 stays with what was typed.
 */
export const IdentifyNetworkError: Story = {
  name: 'Step 1: no connection to the service',
  parameters: backend({ faults: { identify: 'network-error' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await fill(element, 'username', ERKKI.username);
    await submit(element, () => part(element, 'error'));
    await settle(element);
    check(input(element, 'username')?.value === ERKKI.username, 'what was typed stays');
  },
};

/**
 * Identify answered "password": step 2 of 2. The identifier stays in the form as a
 * read-only username (for password managers) with "Vaihda"; focus is in the password
 * field, which has "Näytä" and the "remember me" box under it.
 */
export const PasswordStep: Story = {
  name: 'Step 2: password',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await toPasswordStep(element, ERKKI.username);
    await settle(element);
    check(input(element, 'username')?.readOnly, 'the identifier is read-only on step 2');
  },
};

/**
 * Step 2 with the password shown: "Näytä" became "Piilota" (named "Piilota salasana"), the
 * field shows the typed text, and the status said "Salasana näkyy." It is hidden again when
 * the form is sent or the step changes.
 */
export const PasswordShown: Story = {
  name: 'Step 2: password shown',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await toPasswordStep(element, ERKKI.username);
    await fill(element, 'password', DEMO_PASSWORD);
    element.querySelector<HTMLButtonElement>('form button[aria-controls]')?.click();
    await until(() => input(element, 'password')?.type === 'text', 'the password shown');
    await settle(element);
  },
};

/**
 * Step 2 sent without a password: refused before asking the server, the password field marked
 * invalid with why under it (role="alert"), focus kept in it.
 */
export const PasswordRequired: Story = {
  name: 'Step 2: validation error',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await toPasswordStep(element, ERKKI.username);
    await submit(element, () => input(element, 'password')?.getAttribute('aria-invalid') === 'true');
    await settle(element);
  },
};

/**
 * The password was sent and is on its way (the login call has not answered): the
 * submit button is busy (aria-disabled) and the live region says "Kirjaudutaan…".
 * Here the mock never answers, so the state stays.
 */
export const SigningIn: Story = {
  name: 'Step 2: signing in (waiting)',
  args: { timeout: 3_600_000 },
  parameters: backend({ faults: { login: 'hang' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await toPasswordStep(element, ERKKI.username);
    await fill(element, 'password', DEMO_PASSWORD);
    await submit(element, () => element.querySelector('form button[type="submit"]')?.getAttribute('aria-disabled') === 'true');
    await until(() => part(element, 'status')?.textContent?.trim(), 'the progress message');
    await settle(element);
  },
};

/**
 * The login call answered 401: "Käyttäjätunnus tai salasana on väärin…" under the
 * password field, which is emptied, marked invalid and focused. The same answer for an
 * unknown account, so the form does not reveal which accounts exist.
 */
export const WrongPassword: Story = {
  name: 'Step 2: wrong password',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await toPasswordStep(element, ERKKI.username);
    await fill(element, 'password', WRONG_PASSWORD);
    await submit(element, () => input(element, 'password')?.getAttribute('aria-invalid') === 'true');
    await settle(element);
    check(input(element, 'password')?.value === '', 'the wrong password is cleared');
  },
};

/**
 * The account is locked (423): the error above the form tells the resident to contact
 * customer service and shows the support address (`support-email`).
 */
export const Locked: Story = {
  name: 'Account locked',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await passwordFails(element, LOCKED_IDENTIFIER, DEMO_PASSWORD);
    check(part(element, '[part="error"] a[href^="mailto:"]'), 'the locked error shows the support address');
  },
};

function primeFailedAttempts(count: number) {
  return (mock: MockAuthBackend) => {
    for (let i = 0; i < count; i++) {
      mock.handle({ method: 'POST', path: '/login', body: { username: ERKKI.username, password: WRONG_PASSWORD }, cookies: {} });
    }
  };
}

/**
 * Five wrong passwords in a row: the server answers 429 with `Retry-After: 30`. The
 * element says "Liian monta yritystä peräkkäin." with the wait in the resident's
 * language and refuses to send again until then. (Four failed attempts are made
 * before the story starts; the play function types the fifth.)
 */
export const RateLimited: Story = {
  name: 'Rate limited (wait)',
  parameters: backend({ prime: primeFailedAttempts(4) }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await passwordFails(element, ERKKI.username, WRONG_PASSWORD);
    check(/30/.test(part(element, 'error')?.textContent ?? ''), 'the wait (30 seconds) is shown');
    check(
      element.querySelector('form button[type="submit"]')?.getAttribute('aria-disabled') === 'true',
      'sending is refused while waiting',
    );
  },
};

/**
 * The device is offline (the browser says so, here simulated for the story): the
 * panel says so in its live region, and a call that fails gets "Laitteesi ei ole
 * yhteydessä verkkoon…" while what the resident typed stays.
 */
export const Offline: Story = {
  name: 'Offline',
  parameters: backend({ faults: { identify: 'network-error' } }),
  beforeEach: () => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    window.dispatchEvent(new Event('offline'));
    return () => {
      delete (navigator as { onLine?: boolean }).onLine;
    };
  },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await fill(element, 'username', ERKKI.username);
    // The offline box is there before the call: wait for the call's end (the button works again).
    await submit(element);
    await settle(element);
    check(input(element, 'username')?.value === ERKKI.username, 'what was typed stays');
  },
};

/**
 * The connection failed while the password was on its way (the browser is online, the service
 * did not answer at all): "Palveluun ei saatu yhteyttä. Tarkista verkkoyhteys ja yritä
 * uudelleen." The password step stays, with the identifier, to try again.
 */
export const LoginNetworkError: Story = {
  name: 'Step 2: no connection to the service',
  parameters: backend({ faults: { login: 'network-error' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await passwordFails(element, ERKKI.username, DEMO_PASSWORD);
  },
};

/**
 * The device went offline on step 2 (the browser says so, here simulated after the password step
 * has come) and the password could not be sent: "Laitteesi ei ole yhteydessä verkkoon…"; the
 * password step stays.
 */
export const LoginOffline: Story = {
  name: 'Step 2: offline',
  parameters: backend({ faults: { login: 'network-error' } }),
  beforeEach: () => () => {
    delete (navigator as { onLine?: boolean }).onLine;
  },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await toPasswordStep(element, ERKKI.username);
    await fill(element, 'password', DEMO_PASSWORD);
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    window.dispatchEvent(new Event('offline'));
    // The offline box is there before the call: wait for the call's end (the button works again).
    await submit(element);
    await settle(element);
  },
};

/**
 * The login's answer was not the contract's JSON (an HTML page): "Palvelu antoi odottamattoman
 * vastauksen…", on step 2 (the same at step 1: "Unexpected answer (captive portal)").
 */
export const LoginUnexpectedAnswer: Story = {
  name: 'Step 2: unexpected answer',
  parameters: backend({ faults: { login: 'html' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await passwordFails(element, ERKKI.username, DEMO_PASSWORD);
  },
};

/**
 * A web team's own adapter (the `auth` property, for a city's auth SDK) failed with something
 * that is not an `AuthError` (a bug in the adapter, say): "Jokin meni vikaan. Yritä hetken
 * kuluttua uudelleen." The adapter's own text is never shown. This story's adapter answers
 * "signed out" and "password" itself, then throws at the password.
 */
export const AdapterFailed: Story = {
  name: 'Step 2: the adapter failed unexpectedly',
  render: (args) => {
    const element = renderCityLogin(args) as CityLogin;
    element.auth = {
      session: async () => null,
      identify: async () => ({ next: 'password' }),
      signIn: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'token')");
      },
      signOut: async () => undefined,
      requestPasswordReset: async () => undefined,
    };
    return element;
  },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await passwordFails(element, ERKKI.username, DEMO_PASSWORD);
    check(!/token/.test(part(element, 'error')?.textContent ?? ''), "the adapter's own text is not shown");
  },
};

/**
 * The auth service failed (500): "Palvelussa on tilapäinen häiriö…". The server's own
 * text is never shown; the password step stays so the resident can try again.
 */
export const ServerError: Story = {
  name: 'Server error',
  parameters: backend({ faults: { login: 'server-error' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await passwordFails(element, ERKKI.username, DEMO_PASSWORD);
  },
};

/**
 * The service did not answer within `timeout` (here 1.5 s): "Palvelu ei vastannut
 * ajoissa. Yritä uudelleen." POSTs are never retried automatically.
 */
export const NoAnswer: Story = {
  name: 'No answer in time',
  args: { timeout: 1500 },
  parameters: backend({ faults: { login: 'hang' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await passwordFails(element, ERKKI.username, DEMO_PASSWORD);
  },
};

/**
 * The answer was not the JSON of the contract (here an HTML page, as a hotel Wi-Fi's
 * captive portal sends): "Palvelu antoi odottamattoman vastauksen…".
 */
export const UnexpectedAnswer: Story = {
  name: 'Unexpected answer (captive portal)',
  parameters: backend({ faults: { identify: 'html' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await fill(element, 'username', ERKKI.username);
    await submit(element, () => part(element, 'error'));
    await settle(element);
  },
};

/**
 * The server answered the login with a redirect (307), e.g. a proxy rule: it is never
 * followed, since that would re-send the password wherever it points. "Palvelu antoi
 * odottamattoman vastauksen, eikä tietojasi lähetetty eteenpäin…"
 */
export const RedirectRefused: Story = {
  name: 'Redirect refused (never followed)',
  parameters: backend({ faults: { login: 'redirect' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await passwordFails(element, ERKKI.username, DEMO_PASSWORD);
  },
};

// ------------------------------------------------------------------ forgot password

/**
 * The resident chose "Unohtuiko käyttäjätunnus tai salasana?": the reset form with an
 * empty email field (focused) and "Takaisin kirjautumiseen".
 */
export const Forgot: Story = {
  name: 'Forgot password: empty',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await toForgotStep(element);
    await settle(element);
  },
};

/**
 * The reset form sent empty: refused before asking the server; the email field is marked
 * invalid with why under it, focus kept in it.
 */
export const ForgotEmailRequired: Story = {
  name: 'Forgot password: email required',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await toForgotStep(element);
    await submit(element, () => input(element, 'email')?.getAttribute('aria-invalid') === 'true');
    await settle(element);
  },
};

/** The reset form sent with something that is not an email address ("erkki@"): the same, with the example of a valid one. */
export const ForgotInvalidEmail: Story = {
  name: 'Forgot password: not an email address',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await toForgotStep(element);
    await fill(element, 'email', 'erkki@');
    await submit(element, () => input(element, 'email')?.getAttribute('aria-invalid') === 'true');
    await settle(element);
    check(input(element, 'email')?.value === 'erkki@', 'what was typed stays');
  },
};

/**
 * The reset was accepted (202): the same confirmation whether or not the address has
 * an account ("Jos antamasi sähköpostiosoite on käytössä palvelussa…"), focused so a
 * screen reader reads it.
 */
export const ForgotSent: Story = {
  name: 'Forgot password: sent',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await toForgotStep(element);
    await fill(element, 'email', ERKKI.email);
    await submit(element, () => part(element, '[part="notice"][tabindex="-1"]'));
    await settle(element);
  },
};

/**
 * The reset link could not be delivered (502 `delivery_failed`, the seed's
 * `virhe@example.com`): "Salasanan palautuslinkin lähettäminen antamaasi
 * sähköpostiosoitteeseen ei onnistunut. Ota yhteys asiakaspalveluun." with the support address.
 */
export const ForgotDeliveryFailed: Story = {
  name: 'Forgot password: delivery failed',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await toForgotStep(element);
    await fill(element, 'email', DELIVERY_FAILS_EMAIL);
    await submit(element, () => part(element, 'error'));
    await settle(element);
    check(part(element, '[part="error"] a[href^="mailto:"]'), 'the delivery error shows the support address');
  },
};

// ------------------------------------------------------------------ external sign-in

/**
 * Identify answered `redirect` (the seed's `sso@espoo.fi` signs in with the city's
 * external service): the element fires the cancelable `city-login-redirect` event and
 * would then navigate. This story cancels the event so the preview stays, and shows
 * what was requested under the element, which returns to step 1 with the identifier kept.
 * (Shown `inline`, so the note is not hidden behind the modal dialog.)
 */
export const SsoRedirect: Story = {
  name: 'SSO redirect (cancelled here)',
  args: { inline: true },
  render: (args) => {
    const element = renderCityLogin(args);
    const note = document.createElement('p');
    note.className = 'story-note';
    note.lang = 'en';
    note.setAttribute('role', 'status');
    note.dataset['redirect'] = '';
    element.addEventListener('city-login-redirect', (event) => {
      event.preventDefault();
      const { url } = (event as CustomEvent<{ url: string }>).detail;
      note.dataset['redirect'] = url;
      note.textContent = `city-login-redirect requested ${url}. The story cancelled it (preventDefault), so the preview did not navigate.`;
    });
    const wrapper = document.createElement('div');
    wrapper.append(element, note);
    return wrapper;
  },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await fill(element, 'username', 'sso@espoo.fi');
    await submit(element, () => canvasElement.querySelector<HTMLElement>('.story-note')?.dataset['redirect']);
    await settle(element);
    check(
      canvasElement.querySelector<HTMLElement>('.story-note')?.dataset['redirect']?.endsWith('/sso-demo'),
      'the redirect to /sso-demo was requested',
    );
  },
};

// ------------------------------------------------------------------ session

/**
 * The page has just loaded and the session check (`GET /auth/session`) has not
 * answered: a quiet placeholder (aria-busy) instead of a button that might be wrong,
 * and "Tarkistetaan kirjautumista…" for screen readers. The mock never answers here.
 */
export const CheckingSession: Story = {
  name: 'Checking session',
  args: { timeout: 3_600_000 },
  parameters: backend({ faults: { session: 'hang' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, '.bar[aria-busy="true"]');
    await settle(element);
  },
};

type CityLoginClass = typeof CityLogin & { sessionCheckRetryDelays: readonly number[] };

/**
 * The session check failed three times (here 500 each time; the element retries after
 * 1 s and 3 s, shortened for the story): "Kirjautumistilaa ei voitu tarkistaa." in a
 * popover under the bar (the header keeps its height; × or Escape dismisses it), with
 * "Yritä uudelleen" in the bar. A failed check is never shown as "signed out".
 */
export const SessionCheckFailed: Story = {
  name: 'Session check failed',
  parameters: backend({ faults: { session: 'server-error' } }),
  beforeEach: () => {
    const element = customElements.get('city-login') as CityLoginClass;
    const delays = element.sessionCheckRetryDelays;
    element.sessionCheckRetryDelays = [50, 50];
    return () => {
      element.sessionCheckRetryDelays = delays;
    };
  },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, 'error');
    await settle(element);
  },
};

/**
 * Signed in (the session cookie is set before the story renders): the badge
 * "Erkki Esimerkki (esimerkki.erkki@example.com)" links to the account settings
 * (`account-href`), with "Kirjaudu ulos".
 */
export const SignedIn: Story = {
  name: 'Signed in (badge)',
  parameters: backend({ session: 'signed-in' }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, 'a[part="badge"]');
    await settle(element);
  },
};

/** Signed in without `account-href`: the badge is plain text, not a link. */
export const SignedInPlainBadge: Story = {
  name: 'Signed in: badge without account link',
  args: { 'account-href': '' },
  parameters: backend({ session: 'signed-in' }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, 'span[part="badge"]');
    await settle(element);
  },
};

/**
 * "Kirjaudu ulos" was pressed and the logout call has not answered: the button is busy
 * (aria-disabled) and the live region says "Kirjaudutaan ulos…". Here the mock never answers.
 */
export const SigningOut: Story = {
  name: 'Signing out (waiting)',
  args: { timeout: 3_600_000 },
  parameters: backend({ session: 'signed-in', faults: { logout: 'hang' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    (await waitForPart(element, 'sign-out-button')).click();
    await until(() => part(element, 'sign-out-button')?.getAttribute('aria-disabled') === 'true', 'sign-out busy');
    await until(() => part(element, 'status')?.textContent?.trim(), 'the progress message');
    await settle(element);
  },
};

/**
 * "Kirjaudu ulos" failed (500): the resident is told ("Uloskirjautuminen ei
 * onnistunut.") and stays signed in, so they know the session may still be open. The
 * message is a popover under the bar: the page's header keeps its height; × or Escape
 * dismisses it.
 */
export const SignOutFailed: Story = {
  name: 'Sign-out failed',
  parameters: backend({ session: 'signed-in', faults: { logout: 'server-error' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    (await waitForPart(element, 'sign-out-button')).click();
    await waitForPart(element, 'error');
    await until(() => part(element, 'sign-out-button')?.getAttribute('aria-disabled') === 'false', 'sign-out to be possible again');
    await settle(element);
  },
};

/**
 * Signed out with "Kirjaudu ulos": "Olet kirjautunut ulos." is seen in a popover under the
 * bar (and said by the status region), beside "Kirjaudu sisään"; × or Escape dismisses it,
 * and opening the sign-in dialog puts it away.
 */
export const SignedOutNotice: Story = {
  name: 'Signed out: notice',
  parameters: backend({ session: 'signed-in' }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    (await waitForPart(element, 'sign-out-button')).click();
    await waitForPart(element, 'sign-in-button');
    await waitForPart(element, 'message');
    await until(() => part(element, '.pop [role=status]')?.textContent?.trim(), 'the notice');
    await settle(element);
  },
};

// ------------------------------------------------------------------ set a new password (reset link)

/** A new password the demo server accepts. */
const NEW_PASSWORD = 'Uusi-Kevat-2027';

/** A sign-in page opened from a reset link with `token`. */
const resetLink = (token: string, options: BackendParameters = {}) => ({
  args: { inline: true, 'heading-level': 1 },
  parameters: backend({ resetToken: token, ...options }),
});

/** Fills the new password twice (or `confirmation` the second time) and saves. */
async function setNewPassword(element: CityLogin, password: string, confirmation = password): Promise<void> {
  await fill(element, 'new-password', password);
  await fill(element, 'confirm-password', confirmation);
  await submit(element, () => part(element, 'error') ?? element.querySelector('[slot=error]'));
  await settle(element);
}

/**
 * The resident followed the link of a reset email (`#reset-token=…` in the address, taken out
 * at once): "Aseta uusi salasana", the username for password managers, the rules before
 * typing, the new password twice and one show-password button.
 */
export const SetPassword: Story = {
  name: 'Set a new password',
  ...resetLink(ERKKI_RESET_TOKEN),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForInput(element, 'new-password');
    await settle(element);
  },
};

/** The two new passwords differ: said at the field, nothing sent. */
export const SetPasswordMismatch: Story = {
  name: 'Set a new password: they differ',
  ...resetLink(ERKKI_RESET_TOKEN),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await setNewPassword(element, NEW_PASSWORD, `${NEW_PASSWORD}x`);
  },
};

/** The server refused a password that breaks a rule, and says which ("vähintään 10 merkkiä"). */
export const SetPasswordWeak: Story = {
  name: 'Set a new password: too weak',
  ...resetLink(ERKKI_RESET_TOKEN),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await setNewPassword(element, 'Lyhyt1');
  },
};

/** The password has appeared in a data breach: it must not be used. */
export const SetPasswordBreached: Story = {
  name: 'Set a new password: in a data breach',
  ...resetLink(ERKKI_RESET_TOKEN),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await setNewPassword(element, BREACHED_PASSWORDS[0]!);
  },
};

/** The link has expired: said, with "Tilaa uusi linkki" (the address is filled in). */
export const SetPasswordExpired: Story = {
  name: 'Set a new password: link expired',
  ...resetLink(EXPIRED_RESET_TOKEN),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, 'error');
    await settle(element);
  },
};

/** The link is unknown or used already. */
export const SetPasswordInvalid: Story = {
  name: 'Set a new password: link used or unknown',
  ...resetLink(UNKNOWN_RESET_TOKEN),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, 'error');
    await settle(element);
  },
};

/** The server failed while checking the link: said, with "Yritä uudelleen" (the link is still good) and a new link. */
export const SetPasswordCheckFailed: Story = {
  name: 'Set a new password: the link could not be checked',
  ...resetLink(ERKKI_RESET_TOKEN, { faults: { 'password-reset-verify': 'server-error' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, 'error');
    await settle(element);
  },
};

/** A server that does not sign in after a reset (204): "Salasana vaihdettu", and the way to sign in. */
export const PasswordChanged: Story = {
  name: 'Password changed',
  ...resetLink(ERKKI_RESET_TOKEN, { resetWithoutSignIn: true }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await fill(element, 'new-password', NEW_PASSWORD);
    await fill(element, 'confirm-password', NEW_PASSWORD);
    await submit(element, () => part(element, 'notice'));
    await settle(element);
  },
};

// ------------------------------------------------------------------ variants

/**
 * `inline`: a dedicated sign-in page renders the flow in place instead of a button and a
 * dialog, with the panel heading at `heading-level="1"`.
 */
export const Inline: Story = {
  name: 'Inline (sign-in page)',
  args: { inline: true, 'heading-level': 1 },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForInput(element, 'username');
    await settle(element);
  },
};

/**
 * `inline`, signed in: a sign-in page the resident reached from a service (which passed its
 * address as `return-href`, or as `?return=` / `?next=` in the page's address). The panel stays
 * with its heading, says "Olet kirjautunut sisään." with the badge, and offers "Jatka
 * palveluun" back to the service (only an address of the page's own origin; a link the
 * resident follows, never an automatic redirect) and "Kirjaudu ulos".
 */
export const InlineSignedIn: Story = {
  name: 'Inline: signed in (where next)',
  args: { inline: true, 'heading-level': 1, 'return-href': '/palvelu/hakemus' },
  parameters: backend({ session: 'signed-in' }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForPart(element, 'return-link');
    await waitForPart(element, 'a[part="badge"]');
    await settle(element);
  },
};

/**
 * Every optional line switched on: migration notice, help link (`help-href`),
 * create-account link (`signup-href`), authority-user line, contact line
 * (`support-email`) and the language switch.
 */
export const AllOptionalLinesOn: Story = {
  name: 'Optional lines: all on',
  args: { inline: true },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForInput(element, 'username');
    for (const selector of [
      'notice',
      'language',
      '.panel a[href$=".pdf"]',
      '.panel a[href$="/rekisteroidy"]',
      '.footer a[href^="mailto:"]',
    ]) {
      check(part(element, selector), `${selector} is shown`);
    }
    await settle(element);
  },
};

/**
 * Every optional line switched off: `no-notice`, `no-authority-line`,
 * `no-language-switch`, and no `help-href`, `signup-href` or `support-email`. Only the
 * form and the forgot-password link remain.
 */
export const AllOptionalLinesOff: Story = {
  name: 'Optional lines: all off',
  args: {
    inline: true,
    'no-notice': true,
    'no-authority-line': true,
    'no-language-switch': true,
    'help-href': '',
    'signup-href': '',
    'support-email': '',
  },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForInput(element, 'username');
    for (const selector of ['notice', 'language', '.panel a', '.footer a']) {
      check(!part(element, selector), `${selector} is hidden`);
    }
    await settle(element);
  },
};

/**
 * `strong-auth-href` with `strong-auth-name="Suomi.fi"`: step 1 begins with "Tunnistaudu
 * vahvasti: Suomi.fi", a plain link (part `strong-auth-link`) to the host's start of strong
 * identification, before the password copy; the password path stays below it.
 */
export const StrongAuth: Story = {
  name: 'Strong identification on step 1',
  args: { inline: true, 'strong-auth-href': '/tunnistus-demo', 'strong-auth-name': 'Suomi.fi' },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await waitForInput(element, 'username');
    await waitForPart(element, 'strong-auth-link');
    await settle(element);
  },
};

/**
 * `strong-auth-only`: a service that accepts only strong identification. Opening the sign-in
 * shows the strong-identification link alone (no identifier, password or forgot link), with
 * focus on it.
 */
export const StrongAuthOnly: Story = {
  name: 'Strong identification only',
  args: { 'strong-auth-href': '/tunnistus-demo', 'strong-auth-name': 'Suomi.fi', 'strong-auth-only': true },
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    (await signInButton(element)).click();
    await until(() => part<HTMLDialogElement>(element, 'dialog')?.open, 'the dialog to open');
    const link = await waitForPart(element, 'strong-auth-link');
    await until(() => (element.renderRoot as ShadowRoot).activeElement === link, 'focus on the strong-identification link');
    check(!input(element, 'username'), 'no identifier field');
    await settle(element);
  },
};

/**
 * The language switch ("FIN ▼") opened: Suomi, Svenska and English, each marked with
 * its own `lang`. Choosing one fires the cancelable `city-login-language-change` and
 * switches the element, keeping the step, what was typed and focus.
 */
export const LanguageMenuOpen: Story = {
  name: 'Language switch open',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await signInButton(element);
    (await waitForPart(element, 'language-button')).click();
    await until(() => part(element, 'language-list')?.hidden === false, 'the language list to open');
    await settle(element);
  },
};

/**
 * The language switch in the dialog's title row opened (the header bar has its own behind the
 * dialog): the list opens under "FIN ▼" inside the dialog, over the form, and Escape closes the
 * list, not the dialog.
 */
export const PanelLanguageMenuOpen: Story = {
  name: 'Language switch open in the dialog',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    const toggle = await waitForPart<HTMLButtonElement>(element, '[part="language-button"][data-place="panel"]');
    toggle.click();
    const list = () => element.shadowRoot?.getElementById(toggle.getAttribute('aria-controls') ?? '');
    await until(() => list()?.hidden === false, 'the language list in the dialog to open');
    await settle(element);
  },
};
