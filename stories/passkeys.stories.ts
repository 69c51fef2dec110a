/**
 * Issue 16's passkey states, against the same mock backend as every story (it verifies real
 * WebAuthn with @simplewebauthn/server). The browser's passkey prompt cannot be driven from a
 * story, so `navigator.credentials` answers with the contract kit's software authenticator
 * (real assertions and attestations for this origin), or with the rejection a state needs;
 * `beforeEach` puts the browser back after each story. The toolbar switches the language and
 * the theme; the Storybook sweep opens each story in fi, sv and en and the second theme, with axe.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { CityLogin } from '../src/login/login.js';
import { DEMO_PASSWORD } from '../mock/backend.js';
import { SoftwareAuthenticator, base64url } from '../src/contract-kit/authenticator.js';
import { OFFER_DISMISSED_KEY } from '../src/login/passkeys.js';
import { ERKKI, type BackendParameters } from './support/backend.js';
import { argTypes, DEFAULT_ARGS, renderCityLogin } from './support/manifest.js';
import { cityLogin, fill, input, openDialog, part, settle, submit, toPasswordStep, until, waitForPart } from './support/play.js';

const backend = (parameters: BackendParameters): { backend: BackendParameters } => ({ backend: parameters });

type Answer = 'authenticator' | 'SecurityError' | 'InvalidStateError' | 'NotAllowedError';
/** What the fake browser answers next (a story sets it before the resident's click). */
let next: Answer = 'authenticator';
const authenticator = { current: new SoftwareAuthenticator(location.origin) };

const bytes = (value: BufferSource | undefined): string =>
  value
    ? base64url(
        new Uint8Array(value instanceof ArrayBuffer ? value : value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)),
      )
    : '';

/** Installs the fake browser; returns what puts the real one back. */
function fakeBrowser(): () => void {
  next = 'authenticator';
  authenticator.current = new SoftwareAuthenticator(location.origin);
  localStorage.removeItem(OFFER_DISMISSED_KEY);
  const credentials = navigator.credentials;
  const statics = PublicKeyCredential as unknown as Record<string, unknown>;
  const saved = {
    get: credentials.get,
    create: credentials.create,
    conditional: statics['isConditionalMediationAvailable'],
    platform: statics['isUserVerifyingPlatformAuthenticatorAvailable'],
  };
  const answer = async (make: () => Promise<object>, signal?: AbortSignal | null) => {
    signal?.throwIfAborted();
    const now = next;
    next = 'authenticator';
    if (now !== 'authenticator') throw new DOMException('story', now);
    const json = await make();
    return { id: (json as { id: string }).id, type: 'public-key', toJSON: () => json };
  };
  Object.assign(credentials, {
    get: (options: CredentialRequestOptions) => {
      const publicKey = options.publicKey!;
      // The autofill's request waits (a story never picks from it); the button's is answered.
      if (options.mediation === 'conditional') return new Promise(() => undefined);
      return answer(
        () => authenticator.current.get({ challenge: bytes(publicKey.challenge), ...(publicKey.rpId ? { rpId: publicKey.rpId } : {}) }),
        options.signal,
      );
    },
    create: (options: CredentialCreationOptions) => {
      const publicKey = options.publicKey!;
      return answer(
        () =>
          authenticator.current.create({
            challenge: bytes(publicKey.challenge),
            rp: { ...(publicKey.rp.id ? { id: publicKey.rp.id } : {}) },
            user: { id: bytes(publicKey.user.id) },
          }),
        options.signal,
      );
    },
  });
  statics['isConditionalMediationAvailable'] = async () => false;
  statics['isUserVerifyingPlatformAuthenticatorAvailable'] = async () => true;
  return () => {
    Object.assign(credentials, { get: saved.get, create: saved.create });
    delete (credentials as unknown as Record<string, unknown>)['get'];
    delete (credentials as unknown as Record<string, unknown>)['create'];
    statics['isConditionalMediationAvailable'] = saved.conditional;
    statics['isUserVerifyingPlatformAuthenticatorAvailable'] = saved.platform;
    localStorage.removeItem(OFFER_DISMISSED_KEY);
  };
}

const meta = {
  title: 'City login/Passkeys',
  component: 'city-login',
  render: (args) => renderCityLogin(args),
  args: DEFAULT_ARGS,
  argTypes: argTypes(),
  parameters: { layout: 'padded', backend: {} satisfies BackendParameters },
  // A story here may end signed in: msw keeps the mocked session cookie in a store of its own,
  // which clearing document.cookie does not reach, so each story first signs out through the mock.
  beforeEach: async () => {
    await fetch('/auth/logout', { method: 'POST' }).catch(() => undefined);
    return fakeBrowser();
  },
} satisfies Meta;

export default meta;
type Story = StoryObj;

/** The passkey button on step 1 (its id ends in -passkey), once the server has said it has passkeys. */
function passkeyButton(element: CityLogin): Promise<HTMLButtonElement> {
  return waitForPart<HTMLButtonElement>(element, '[id$="-passkey"]');
}

async function clickPasskey(element: CityLogin, answer: Answer): Promise<void> {
  await openDialog(element);
  next = answer;
  (await passkeyButton(element)).click();
}

/** Presses "Kirjaudu pääsyavaimella" with the browser answering `answer`, and waits for the error it ends in. */
async function passkeyFails(element: CityLogin, answer: Answer): Promise<void> {
  await clickPasskey(element, answer);
  await waitForPart(element, 'error');
  await settle(element);
}

/** A passkey made on this device for nobody: the server has never seen it. */
function strangersPasskey(): Promise<unknown> {
  return authenticator.current.create({ challenge: 'AAAA', user: { id: 'AAAA' } });
}

/**
 * Ends the mock's session behind the element's back, leaving what it shows as it is: msw keeps
 * a mocked session cookie in localStorage, where the stories opened after this one would find it.
 */
async function leaveNoSession(element: CityLogin): Promise<void> {
  await fetch('/auth/logout', { method: 'POST' });
  await settle(element);
}

/** Signs in with the password and waits for the offer to be said. */
async function toOffer(element: CityLogin): Promise<void> {
  await openDialog(element);
  await toPasswordStep(element, ERKKI.username);
  await fill(element, 'password', DEMO_PASSWORD);
  await submit(element, () => part(element, 'a[part="badge"]'));
  await until(() => part(element, '.passkey-offer [role=status]')?.textContent?.trim(), 'the offer said');
}

/**
 * Step 1 where the server has passkeys: "Kirjaudu pääsyavaimella" below "Jatka" (a modal
 * passkey sign-in, on the click only), and the identifier field offers passkeys in the
 * browser's autofill (`autocomplete="username webauthn"`).
 */
export const Step1: Story = {
  name: 'Step 1 with a passkey button',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await openDialog(element);
    await passkeyButton(element);
    await until(() => input(element, 'username')?.autocomplete === 'username webauthn', 'the passkey autofill');
    await settle(element);
  },
};

/** A passkey the server does not know: its own message (the element asks the browser to forget it); the password path stays. */
export const UnknownPasskey: Story = {
  name: 'Passkey: unknown to the server',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await strangersPasskey();
    await passkeyFails(element, 'authenticator');
  },
};

/** The browser cannot use a passkey here (SecurityError and the like): "Tällä laitteella ei ole pääsyavainta tähän palveluun." */
export const NoPasskeyHere: Story = {
  name: 'Passkey: none on this device',
  play: async ({ canvasElement }) => {
    await passkeyFails(await cityLogin(canvasElement), 'SecurityError');
  },
};

/** The server failed while verifying the passkey: the same message as any server failure. */
export const PasskeyServerError: Story = {
  name: 'Passkey: server error',
  parameters: backend({ faults: { 'passkey-verify': 'server-error' } }),
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await strangersPasskey();
    await passkeyFails(element, 'authenticator');
  },
};

/**
 * After a password sign-in, under the bar: "Luo pääsyavain, niin kirjaudut ensi kerralla ilman
 * salasanaa." with "Luo pääsyavain" and "Ei kiitos" (remembered on this browser).
 */
export const Offer: Story = {
  name: 'Signed in: passkey offer',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await toOffer(element);
    await leaveNoSession(element);
  },
};

/** The offer accepted: the passkey was made and stored ("Pääsyavain on luotu."), with "Sulje". */
export const Created: Story = {
  name: 'Signed in: passkey created',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await toOffer(element);
    part<HTMLButtonElement>(element, '[id$="-passkey-create"]')!.click();
    await until(() => !part(element, '[id$="-passkey-create"]'), 'the passkey created');
    await leaveNoSession(element);
  },
};

/**
 * This device has a passkey for the service already (InvalidStateError on creation): said as a
 * fact, not an error, with "Sulje" only; the offer is not made again.
 */
export const AlreadyExists: Story = {
  name: 'Signed in: passkey exists already',
  play: async ({ canvasElement }) => {
    const element = await cityLogin(canvasElement);
    await toOffer(element);
    next = 'InvalidStateError';
    part<HTMLButtonElement>(element, '[id$="-passkey-create"]')!.click();
    await waitForPart(element, '[id$="-passkey-close"]');
    await leaveNoSession(element);
  },
};
