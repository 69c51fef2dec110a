/**
 * The Storybook preview: the msw mock backend (the demo's and the tests' handlers),
 * localization configured before any <city-login> renders, the manifest for docs and
 * controls, toolbar switches for language and theme, viewports down to 320 px, and
 * the accessibility panel.
 */
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import manifest from '../custom-elements.json';
import { configureCityLoginLocalization } from '../src/localization.js';
import '../src/define.js';
import { createHandlers } from '../mock/msw.js';
import { resetLinkFragment } from '../src/contract/contract.js';
import { clearSessionCookie, setSessionCookie, StoryBackend, type BackendParameters } from '../stories/support/backend.js';
import './themes.css';
import { WCAG_TAGS } from '../test/fixtures/wcag.js';

// @lit/localize is page-global: configure it once, before the first element renders.
// The element then follows the `lang` around it (the toolbar's language) or its own.
const localization = configureCityLoginLocalization();

setCustomElementsManifest(manifest);

const backend = new StoryBackend();
/** Like a real network, short enough that a story's play function is not slowed down much. */
const LATENCY_MS = 150;

export const LOCALES = ['fi', 'sv', 'en'] as const;
export const THEMES = ['default', 'satama'] as const;

const preview: Preview = {
  globalTypes: {
    locale: {
      description: 'Language of <city-login> (the lang around it)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'fi', right: 'FIN', title: 'Suomi' },
          { value: 'sv', right: 'SWE', title: 'Svenska' },
          { value: 'en', right: 'ENG', title: 'English' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'City brand: --city-login-* custom properties and ::part() rules',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'default', title: 'Default (built-in)' },
          { value: 'satama', title: 'Satama (another city brand)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'fi', theme: 'default', viewport: { value: undefined, isRotated: false } },

  loaders: [
    // Starts the service worker once (served at /mockServiceWorker.js from ../public).
    mswLoader(async () => {
      const worker = setupWorker();
      await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
      return worker;
    }),
    // The translations load before the element renders, so it never flashes Finnish.
    async ({ globals }) => {
      const locale = LOCALES.includes(globals['locale']) ? (globals['locale'] as string) : 'fi';
      if (localization.getLocale() !== locale) await localization.setLocale(locale);
      return {};
    },
  ],

  // Every story: a fresh mock backend with the story's faults, and the session cookie as the story wants it.
  beforeEach: ({ parameters }) => {
    const options = (parameters['backend'] ?? {}) as BackendParameters;
    const fresh = backend.use({
      faults: options.faults ?? {},
      resetWithoutSignIn: options.resetWithoutSignIn ?? false,
      ...(options.sessionSeconds ? { sessionSeconds: options.sessionSeconds } : {}),
    });
    options.prime?.(fresh);
    // A reset link carries its token in the fragment; the element takes it out of the address.
    const hash = options.resetToken ? resetLinkFragment(options.resetToken) : '';
    history.replaceState(history.state, '', location.pathname + location.search + hash);
    if (options.session === 'signed-in') setSessionCookie();
    else clearSessionCookie();
  },

  decorators: [
    (story, { globals }) => {
      const locale = LOCALES.includes(globals['locale']) ? (globals['locale'] as string) : 'fi';
      const theme = THEMES.includes(globals['theme']) ? (globals['theme'] as string) : 'default';
      return html`<div class="city-login-story" lang=${locale} data-city-theme=${theme}>${story()}</div>`;
    },
  ],

  parameters: {
    msw: { handlers: createHandlers(backend, { endpoint: '/auth', latencyMs: LATENCY_MS }) },
    controls: { expanded: true, sort: 'none' },
    a11y: {
      context: '#storybook-root',
      options: { runOnly: { type: 'tag', values: WCAG_TAGS } },
      test: 'error',
    },
    viewport: {
      options: {
        reflow320: { name: '320 px (WCAG reflow, 400 % zoom)', styles: { width: '320px', height: '640px' }, type: 'mobile' },
        phone360: { name: '360 px phone', styles: { width: '360px', height: '740px' }, type: 'mobile' },
        phone414: { name: '414 px phone', styles: { width: '414px', height: '896px' }, type: 'mobile' },
        tablet768: { name: '768 px tablet', styles: { width: '768px', height: '1024px' }, type: 'tablet' },
        laptop1280: { name: '1280 px laptop', styles: { width: '1280px', height: '800px' }, type: 'desktop' },
      },
    },
    docs: { toc: true },
    options: { storySort: { order: ['City login', ['Overview', '*'], 'Docs', ['Accessibility', 'HTTP contract']] } },
  },
};

export default preview;
