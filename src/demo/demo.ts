/**
 * The demo page: starts the mock backend (msw) first, then loads the element,
 * so the element's first session check is answered by the mock.
 */
import { CALLS, FAULTS, SESSION_COOKIE, STRONG_AUTH_PATH, type Call, type Fault, type Faults, type MockStore } from '../../mock/backend.js';
import { startMockBackend } from '../../mock/browser.js';
import { callFor, resetLinkFragment } from '../contract/contract.js';

const STORAGE_KEY = 'city-login-demo-fault';

const options: Array<{ value: string; label: string; faults: Faults }> = [
  { value: '', label: 'Nothing: the backend works', faults: {} },
  ...CALLS.flatMap((call: Call) =>
    FAULTS.map((fault: Fault) => ({ value: `${call}:${fault}`, label: `${call}: ${fault}`, faults: { [call]: fault } })),
  ),
];

const chosen = sessionStorage.getItem(STORAGE_KEY) ?? '';
const selected = options.find((o) => o.value === chosen) ?? options[0]!;
/**
 * Reset links and changed passwords outlive a page load of the demo (the mock lives in the page).
 * When sessions end (`ends:…`) is shared by the tabs, as the cookie is: each tab runs its own mock.
 */
const storage = (key: string): Storage => (key.startsWith('ends:') ? localStorage : sessionStorage);
const store: MockStore = {
  get: (key) => storage(key).getItem(`city-login-demo:${key}`),
  set: (key, value) => storage(key).setItem(`city-login-demo:${key}`, value),
  delete: (key) => storage(key).removeItem(`city-login-demo:${key}`),
  clear: () => Object.keys(sessionStorage).forEach((key) => key.startsWith('city-login-demo:') && sessionStorage.removeItem(key)),
};

/** No email is sent: the demo shows the reset link the "email" would carry. */
function showResetLink({ email, token }: { email: string; token: string }): void {
  const place = document.querySelector('#demo-reset-link');
  if (!place) return;
  const link = document.createElement('a');
  link.href = `/sign-in.html${resetLinkFragment(token)}`;
  link.textContent = 'Set a new password';
  place.replaceChildren(`Demo email to ${email}: `, link, ' (valid 30 minutes, once).');
}

/**
 * Issue 17: a short session (2 minutes; the pages warn 60 s before the end) so the warning shows
 * within a minute of signing in. `?session-seconds=N` sets another (0: no end); an automated
 * browser (the end-to-end journeys: navigator.webdriver) gets no end unless it asks.
 */
const asked = new URLSearchParams(location.search).get('session-seconds');
const sessionSeconds = asked !== null ? Number(asked) || undefined : navigator.webdriver ? undefined : 120;
// offline: DevTools' "Offline" (navigator.onLine false) fails the mock's calls as the network would.
const { backend } = await startMockBackend({
  latencyMs: 400,
  faults: selected.faults,
  store,
  onResetLink: showResetLink,
  sessionSeconds,
  offline: true,
});

/**
 * The failure switch is one-shot: the next call of the chosen kind fails (a session check: its
 * three tries, as the element tries a failed check on load three times), then the backend works
 * again and the switch says so. So "Yritä uudelleen" succeeds, and nothing is left on behind the
 * sign-in dialog (which makes the rest of the page inert) or across reloads.
 */
const SESSION_TRIES = 3;
let used = 0;
const respond = backend.respond.bind(backend);
backend.respond = async (request) => {
  const answer = await respond(request);
  const call = callFor(request.method, request.path);
  if (call !== null && backend.faults[call] && ++used >= (call === 'session' ? SESSION_TRIES : 1)) {
    used = 0;
    backend.faults = {};
    sessionStorage.removeItem(STORAGE_KEY);
    const select = document.querySelector<HTMLSelectElement>('#demo-fault');
    if (select) select.value = '';
    const said = document.querySelector('#demo-fault-status');
    if (said) said.textContent = `Failed once: ${call}. The backend works again.`;
  }
  return answer;
};
// As dist/city-login.js does: configure localization, then define the element.
const { configureCityLoginLocalization } = await import('../localization.js');
configureCityLoginLocalization();
await import('../define.js');

if (location.pathname.startsWith('/sso-demo')) {
  document.querySelector<HTMLElement>('.sso-banner')?.removeAttribute('hidden');
}

// The demo's stand-in for Suomi.fi: identifies Erkki strongly and comes back to the service,
// or (after single logout) says the provider's session ended too.
if (location.pathname.startsWith(STRONG_AUTH_PATH)) {
  const banner = document.querySelector<HTMLElement>('#strong-demo');
  banner?.removeAttribute('hidden');
  const loggedOut = location.search.includes('uloskirjautuminen');
  banner?.querySelectorAll<HTMLElement>('[data-when]').forEach((p) => (p.hidden = (p.dataset['when'] === 'logout') !== loggedOut));
  document.querySelector('#strong-demo-identify')?.addEventListener('click', () => {
    const value = backend.identifyStrongly('esimerkki.erkki@example.com');
    document.cookie = `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; SameSite=Lax`;
    location.assign('/');
  });
}

const select = document.querySelector<HTMLSelectElement>('#demo-fault');
if (select) {
  for (const option of options) select.add(new Option(option.label, option.value, false, option === selected));
  select.addEventListener('change', () => {
    const next = options.find((o) => o.value === select.value) ?? options[0]!;
    sessionStorage.setItem(STORAGE_KEY, next.value);
    backend.faults = { ...next.faults };
    used = 0;
    const said = document.querySelector('#demo-fault-status');
    if (said) said.textContent = next.value ? `The next ${next.value.split(':')[0]} call fails (${next.value.split(':')[1]}), once.` : '';
  });
}
document.querySelector('#demo-clear-session')?.addEventListener('click', () => {
  document.cookie = 'city_demo_session=; Path=/; Max-Age=0';
  location.reload();
});
