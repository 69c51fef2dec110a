import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { msg } from '@lit/localize';
import { attr, h, text } from './dom.js';
import { currentLocale, localizationRuntime, onLocalizationChange, toSupportedLocale } from './locale-hook.js';
import { LANGUAGE_CODES, LANGUAGE_NAMES, SUPPORTED_LOCALES, type SupportedLocale } from './login.types.js';

/** Where a language switch sits: the header bar, or the sign-in panel (dialog or inline). */
export type SwitchPlace = 'bar' | 'panel';

/** One switch's nodes, built once and updated in place. */
interface SwitchView {
  readonly root: HTMLElement;
  readonly toggle: HTMLButtonElement;
  readonly code: Text;
  readonly list: HTMLUListElement;
  readonly items: readonly HTMLButtonElement[];
}

/** What the language controller needs of the element. */
export interface LanguageHost extends ReactiveControllerHost, HTMLElement {
  readonly noLanguageSwitch: boolean;
}

export interface LanguageOptions {
  /** The element's id prefix (for the lists' ids). */
  readonly id: string;
  /** The localStorage key of the language chosen in the switch; `null`: not remembered. */
  readonly key: () => string | null;
  /** The resident chose `locale`: the element's cancelable event; `true` when not cancelled. */
  readonly chosen: (locale: SupportedLocale) => boolean;
}

/**
 * The element's language: which one is wanted (its `lang`, else the nearest up the tree, else
 * Finnish), the one remembered from the switch, asking @lit/localize for it, and the switch
 * itself ("FIN ▼" and its list) in the bar and in the panel.
 */
export class LanguageController implements ReactiveController {
  readonly #host: LanguageHost;
  readonly #options: LanguageOptions;
  /** The locale last asked of the runtime (null: ask again). */
  #requested?: SupportedLocale | null;
  /** Which list is open, if any. */
  #open: SwitchPlace | null = null;
  /** The switch of each place, once shown. */
  readonly #views: Partial<Record<SwitchPlace, SwitchView>> = {};
  #stop?: (() => void) | null;

  constructor(host: LanguageHost, options: LanguageOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // The language last chosen in the switch, unless the page gave one: on the element itself, so
    // assistive technology reads the text in it too.
    const remembered = this.#host.lang ? null : toSupportedLocale(this.#remembered());
    if (remembered) this.#host.lang = remembered;
    const host = this.#host;
    // The nearest `lang` up the tree may change (the page switches its language).
    const observer = new MutationObserver(() => host.requestUpdate());
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    const unsubscribe = onLocalizationChange(() => {
      this.#requested = null;
      host.requestUpdate();
    });
    this.#stop = () => {
      observer.disconnect();
      unsubscribe();
    };
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
  }

  /** Before each render: asks the localization runtime for the wanted locale when the wish changed. */
  hostUpdate(): void {
    const runtime = localizationRuntime();
    const wanted = this.wanted();
    if (!runtime || wanted === this.#requested) return;
    this.#requested = wanted;
    // Always ask, even when `wanted` is showing: a switch to another locale may still be loading,
    // and the last request must win (@lit/localize ignores a request for the current locale).
    runtime.setLocale(wanted).catch(() => {
      // The chunk could not load (offline): stay in the language shown, and try again next time.
      this.#requested = null;
      console.warn(`<city-login>: could not load the "${wanted}" translations.`);
    });
  }

  /** The language asked for: the element's `lang`, else the nearest non-empty `lang` up the tree (across shadow roots), else `fi`. */
  wanted(): SupportedLocale {
    let lang = this.#host.getAttribute('lang');
    // An empty lang ("unknown") says nothing: look further up.
    for (let node: Node | null = this.#host.parentNode; !lang && node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
      lang = node instanceof Element ? node.getAttribute('lang') : null;
    }
    return (lang && toSupportedLocale(lang)) || 'fi';
  }

  /** The language remembered from the switch (`locale`: remember it). Storage may be blocked or full: then nothing. */
  #remembered(locale?: string): string | null {
    const key = this.#options.key();
    try {
      if (key && locale) localStorage.setItem(key, locale);
      return key && localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  #setOpen(place: SwitchPlace | null): void {
    if (this.#open === place) return;
    this.#open = place;
    this.#host.requestUpdate();
  }

  /** The switch at `place`, updated (or `null` without a localization runtime, or with `no-language-switch`). */
  render(place: SwitchPlace): HTMLElement | null {
    if (this.#host.noLanguageSwitch || !localizationRuntime()) return null;
    const current = currentLocale();
    const open = this.#open === place;
    const view = (this.#views[place] ??= this.#build(place));
    text(view.code, LANGUAGE_CODES[current]);
    attr(view.toggle, 'aria-expanded', `${open}`);
    attr(view.toggle, 'aria-label', `${LANGUAGE_CODES[current]}, ${msg('valitse kieli', { id: 'language.choose' })}`);
    attr(view.list, 'hidden', !open);
    view.items.forEach((item, index) => attr(item, 'aria-current', `${SUPPORTED_LOCALES[index] === current}`));
    return view.root;
  }

  /** "FIN ▼" (a disclosure button) and its list of languages, each named in its own language. */
  #build(place: SwitchPlace): SwitchView {
    const listId = `${this.#options.id}-languages-${place}`;
    const code = new Text();
    // Focus back on the switch's own button: it stays, only its list closes.
    const toggle = h(
      'button',
      {
        class: 'language-toggle',
        part: 'language-button',
        type: 'button',
        'data-place': place,
        'aria-controls': listId,
        '@click': () => this.#setOpen(this.#open === place ? null : place),
      },
      code,
      h('span', { class: 'caret', 'aria-hidden': 'true' }, '▼'),
    );
    const items = SUPPORTED_LOCALES.map((locale) =>
      h(
        'button',
        {
          type: 'button',
          lang: locale,
          '@click': () => {
            this.#setOpen(null);
            toggle.focus();
            if (locale !== currentLocale() && this.#options.chosen(locale)) this.#remembered((this.#host.lang = locale));
          },
        },
        LANGUAGE_NAMES[locale],
      ),
    );
    const list = h('ul', { class: 'language-list', part: 'language-list', id: listId }, ...items.map((item) => h('li', {}, item)));
    const root = h(
      'div',
      {
        class: 'language',
        part: 'language',
        '@keydown': (event) => {
          if ((event as KeyboardEvent).key !== 'Escape' || this.#open !== place) return;
          // Close the list, not the dialog around it.
          event.preventDefault();
          event.stopPropagation();
          toggle.focus();
          this.#setOpen(null);
        },
        '@focusout': (event) => {
          if (!root.contains((event as FocusEvent).relatedTarget as Node | null)) this.#setOpen(null);
        },
      },
      toggle,
      list,
    );
    return { root, toggle, code, list, items };
  }
}
