/**
 * The demo page: starts the mock backend (msw) first, then loads the element,
 * so the element's first session check is answered by the mock.
 */
import { CALLS, FAULTS, type Call, type Fault, type Faults } from '../../mock/backend.js';
import { startMockBackend } from '../../mock/browser.js';

const STORAGE_KEY = 'city-login-demo-fault';

const options: Array<{ value: string; label: string; faults: Faults }> = [
  { value: '', label: 'Nothing: the backend works', faults: {} },
  ...CALLS.flatMap((call: Call) =>
    FAULTS.map((fault: Fault) => ({ value: `${call}:${fault}`, label: `${call}: ${fault}`, faults: { [call]: fault } })),
  ),
];

const chosen = sessionStorage.getItem(STORAGE_KEY) ?? '';
const selected = options.find((o) => o.value === chosen) ?? options[0]!;
const { backend } = await startMockBackend({ latencyMs: 400, faults: selected.faults });
// As dist/city-login.js does: configure localization, then define the element.
const { configureCityLoginLocalization } = await import('../localization.js');
configureCityLoginLocalization();
await import('../define.js');

if (location.pathname.startsWith('/sso-demo')) {
  document.querySelector<HTMLElement>('.sso-banner')?.removeAttribute('hidden');
}

const select = document.querySelector<HTMLSelectElement>('#demo-fault');
if (select) {
  for (const option of options) select.add(new Option(option.label, option.value, false, option === selected));
  select.addEventListener('change', () => {
    const next = options.find((o) => o.value === select.value) ?? options[0]!;
    sessionStorage.setItem(STORAGE_KEY, next.value);
    backend.faults = { ...next.faults };
  });
}
document.querySelector('#demo-clear-session')?.addEventListener('click', () => {
  document.cookie = 'city_demo_session=; Path=/; Max-Age=0';
  location.reload();
});
