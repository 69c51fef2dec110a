/**
 * Layout of <city-login> on a phone and in the edge states (issue 13), by where things land on
 * the screen: at 320×640 the dialog opens unscrolled as a full-screen sheet with its title, the
 * identifier field and "Jatka" in view, "FIN ▼" and "×" on the title's row; on step 2 "Näytä"
 * beside the password and its error right under it, "Vaihda" beside the label (centred on it, a gap
 * above the field) and the read-only identifier unclipped; at 1280×800 "Vaihda" beside the
 * read-only field and the dialog fixed at the top; the rate-limited and offline messages in view;
 * an address in the badge kept whole; forced colours draw the dialog's edge; a dark preference gives the panel dark
 * defaults (the public properties still win); a resident's text spacing reaches the form; the
 * bar's height is reserved while the session is checked.
 *
 * Viewport tests need setViewport (Chromium, Firefox); the rest set the width on the fixture's
 * container, so they run in WebKit too. Media queries the harness cannot emulate everywhere
 * (forced colours in all three engines, a dark preference outside Chromium) are checked by
 * making their rules apply: the element's style sheets are adopted again with that condition
 * read as `all`.
 */
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { describeNeeding, itNeeding } from './engine.js';
import '../../src/define.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import type { CityLogin } from '../../src/login/login.js';
import type { User } from '../../src/auth/auth-client.js';
import { ERKKI, FakeAuthClient, VIRVE } from './fake-client.js';
import { IDENTIFIER, continueTo, dialog, flush, getButton, getInput, mount, shadow, submitButton, typeInto } from './helpers.js';
import { scaled } from '../browser-timing.js';

configureCityLoginLocalization();

// A page's font, as on a city's site and the demo (the harness's page would be in the browser's serif).
document.body.style.fontFamily = 'system-ui, sans-serif';

const ALL_LINES = {
  'help-href': '/ohje.pdf',
  'signup-href': '/rekisteroidy',
  'support-email': 'kaupunkitekniikka@espoo.fi',
  'account-href': '/omat-tiedot',
};
const WAIT = 'Voit yrittää uudelleen 90 sekunnin kuluttua.';
const OFFLINE = 'Laitteesi ei ole yhteydessä verkkoon.';

type Box = { top: number; bottom: number; left: number; right: number };

function box(element: Element): Box {
  const { top, bottom, left, right } = element.getBoundingClientRect();
  return { top, bottom, left, right };
}

/** Whether `element` is wholly inside the viewport as it is (nothing scrolled). */
function inViewport(element: Element): boolean {
  const b = box(element);
  return b.top >= -0.5 && b.left >= -0.5 && b.bottom <= innerHeight + 0.5 && b.right <= innerWidth + 0.5;
}

/** The vertical middle of an element's box. */
function middle(element: Element): number {
  const b = box(element);
  return (b.top + b.bottom) / 2;
}

/** Whether two boxes share a row: they overlap vertically. */
function sameRow(a: Element, b: Element): boolean {
  const x = box(a);
  const y = box(b);
  return x.top < y.bottom - 0.5 && y.top < x.bottom - 0.5;
}

function describe_(element: Element): string {
  const b = box(element);
  return `${element.localName}${element.id ? `#${element.id}` : ''} ${Math.round(b.left)},${Math.round(b.top)}–${Math.round(b.right)},${Math.round(b.bottom)}`;
}

function title(el: CityLogin): HTMLElement {
  return shadow(el).querySelector<HTMLElement>('[part=title]')!;
}

/** The panel's language button and close button. */
function headerActions(el: CityLogin): HTMLElement[] {
  return [...shadow(el).querySelectorAll<HTMLElement>('[part=panel] [part=language-button], [part=panel] .close')];
}

function labelOf(el: CityLogin, input: HTMLInputElement): HTMLLabelElement {
  return el.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(input.id)}"]`)!;
}

/** Opens the dialog and waits until its first field has focus and the opening animation is done. */
async function openDialog(el: CityLogin): Promise<HTMLDialogElement> {
  getButton(el, 'Kirjaudu sisään').click();
  await flush(el);
  await waitUntil(() => document.activeElement === el.querySelector('input[name=username]'), 'focus in the identifier field');
  const d = dialog(el)!;
  for (const animation of d.getAnimations({ subtree: true })) animation.finish();
  return d;
}

/**
 * Makes the rules under `@media (<feature>)` in the element's shadow style sheets apply (read as
 * `@media all`), for a media feature the harness cannot emulate. Returns the undo.
 */
function applyMedia(el: CityLogin, feature: RegExp): () => void {
  const root = shadow(el);
  const before = [...root.adoptedStyleSheets];
  const rewrite = (text: string) => text.replace(new RegExp(`@media\\s*\\(${feature.source}\\)`, 'g'), '@media all');
  root.adoptedStyleSheets = before.map((sheet) => {
    const copy = new CSSStyleSheet();
    copy.replaceSync(rewrite([...sheet.cssRules].map((rule) => rule.cssText).join('\n')));
    return copy;
  });
  // Without constructable style sheets Lit writes <style> elements.
  const styles = [...root.querySelectorAll('style')].map((style) => [style, style.textContent ?? ''] as const);
  for (const [style, text] of styles) style.textContent = rewrite(text);
  return () => {
    root.adoptedStyleSheets = before;
    for (const [style, text] of styles) style.textContent = text;
  };
}

/** Sets the fixture's container (the element's parent) to `css`, e.g. a 320 px wide column. */
function container(el: CityLogin, css: string): HTMLElement {
  const parent = el.parentElement!;
  parent.style.cssText = css;
  return parent;
}

/** The client rects of an element's text (one per line it spans). */
function textLines(element: Element): number {
  const range = document.createRange();
  range.selectNodeContents(element);
  const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
  return tops.size;
}

/** A computed colour as [r, g, b] (0–255), whatever syntax the engine serializes it in. */
function rgb(color: string): number[] {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.fillStyle = '#000';
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = rgb(color).map((c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** The nearest opaque background behind an element (across the shadow boundary). */
function backgroundOf(element: Element): string {
  for (
    let node: Element | null = element;
    node;
    node = node.assignedSlot ?? node.parentElement ?? (node.getRootNode() as ShadowRoot).host ?? null
  ) {
    const color = getComputedStyle(node).backgroundColor;
    if (color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return 'rgb(255, 255, 255)';
}

/**
 * The text, links, controls and borders of the panel whose colours do not read on what is
 * behind them: text 4.5:1, input borders and the focus ring 3:1. `ignore`: kinds left out.
 */
function readability(el: CityLogin, ignore: readonly string[] = []): string[] {
  const problems: string[] = [];
  const check = (kind: string, element: Element, foreground: string, background: string, minimum: number) => {
    if (ignore.includes(kind)) return;
    const ratio = contrast(foreground, background);
    if (ratio < minimum) problems.push(`${kind} ${describe_(element)}: ${foreground} on ${background} = ${ratio.toFixed(2)}`);
  };
  const root = shadow(el);
  const texts = [
    ...root.querySelectorAll<HTMLElement>('[part=panel] p, [part=title], [part=error], [part=status]'),
    ...el.querySelectorAll<HTMLElement>('label, [slot=error]'),
  ];
  for (const text of texts) if (text.getClientRects().length) check('text', text, getComputedStyle(text).color, backgroundOf(text), 4.5);
  // The primary colour as text: links, "FIN ▼", and the fields' actions ("Näytä", "Vaihda").
  for (const link of [
    ...root.querySelectorAll<HTMLElement>('[part=panel] a, [part=panel] .link, [part=panel] .language-toggle'),
    ...el.querySelectorAll<HTMLElement>('[slot=action]'),
  ]) {
    check('link', link, getComputedStyle(link).color, backgroundOf(link), 4.5);
  }
  for (const control of el.querySelectorAll<HTMLElement>('input:not([type=checkbox]), button:not([slot=action])')) {
    const style = getComputedStyle(control);
    check('control text', control, style.color, backgroundOf(control), 4.5);
    if (control instanceof HTMLInputElement) check('input border', control, style.borderTopColor, backgroundOf(control.parentElement!), 3);
  }
  const focus = getComputedStyle(el).getPropertyValue('--city-login-color-focus');
  const panel = root.querySelector<HTMLElement>('[part=panel]')!;
  const ring = focus || getComputedStyle(panel).getPropertyValue('--_cl-focus');
  if (ring) check('focus ring', panel, ring.trim(), backgroundOf(panel), 3);
  return problems;
}

function setOnLine(online: boolean | null): void {
  if (online === null) delete (navigator as unknown as Record<string, unknown>)['onLine'];
  else Object.defineProperty(navigator, 'onLine', { get: () => online, configurable: true });
}

describe('<city-login> layout (issue 13)', () => {
  let fake: FakeAuthClient;
  beforeEach(() => {
    fake = new FakeAuthClient();
    (document.activeElement as HTMLElement | null)?.blur?.();
  });

  // ---------------------------------------------------------------- a phone, in the dialog
  describeNeeding('setViewport', 'at 320×640, the dialog', () => {
    beforeEach(async () => {
      await setViewport({ width: 320, height: 640 });
    });
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
    });

    it('opens unscrolled as a full-screen sheet: the title, the identifier field and "Jatka" are in view', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      const d = await openDialog(el);
      expect(d.scrollTop, 'the dialog is not scrolled').to.equal(0);
      expect(scrollY, 'the page is not scrolled').to.equal(0);
      const sheet = box(d);
      expect([sheet.left, sheet.top, sheet.right, sheet.bottom].map(Math.round), 'the dialog fills the screen').to.deep.equal([
        0, 0, 320, 640,
      ]);
      const parts = [title(el), getInput(el, IDENTIFIER), getButton(el, 'Jatka')];
      expect(parts.filter((part) => !inViewport(part)).map(describe_), 'outside the viewport').to.deep.equal([]);
      // Nothing sticks out sideways.
      expect(d.scrollWidth, 'no horizontal scrolling').to.be.at.most(d.clientWidth);
    });

    it('"FIN ▼" and "×" share the title\'s row', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      await openDialog(el);
      const actions = headerActions(el);
      expect(actions.length, 'language and close buttons').to.equal(2);
      for (const action of actions) {
        expect(sameRow(action, title(el)), `${describe_(action)} on the row of ${describe_(title(el))}`).to.be.true;
        expect(inViewport(action), `${describe_(action)} in view`).to.be.true;
      }
    });

    it('also on the forgot step, whose title is longer', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      await openDialog(el);
      getButton(el, 'Unohtuiko käyttäjätunnus tai salasana?').click();
      await flush(el);
      for (const action of headerActions(el)) expect(sameRow(action, title(el)), describe_(action)).to.be.true;
      expect(textLines(title(el)), 'the title wraps between words').to.be.at.most(3);
    });

    it('the title row stays in view when the content scrolls', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      const d = await openDialog(el);
      getButton(el, 'Unohtuiko käyttäjätunnus tai salasana?').scrollIntoView();
      d.scrollTop = d.scrollHeight;
      await aTimeout(0);
      expect(d.scrollTop, 'the content scrolled').to.be.greaterThan(0);
      expect(box(title(el)).top, 'the title at the top').to.be.within(-0.5, 40);
      for (const action of headerActions(el)) expect(inViewport(action), describe_(action)).to.be.true;
    });

    it('step 2: "Näytä" beside the password, its error right under it; "Vaihda" beside the label; the address unclipped', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      await openDialog(el);
      const password = await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'invalid_credentials');
      typeInto(password, 'väärä');
      submitButton(el).click();
      await flush(el);
      const error = el.querySelector<HTMLElement>('[slot=error]')!;
      expect(error, 'the password error').to.exist;
      const show = getButton(el, 'Näytä salasana');
      const change = getButton(el, 'Vaihda käyttäjätunnus');
      const identifier = getInput(el, IDENTIFIER);
      expect(sameRow(show, password), `${describe_(show)} beside ${describe_(password)}`).to.be.true;
      expect(sameRow(change, labelOf(el, identifier)), `${describe_(change)} beside its label`).to.be.true;
      expect(sameRow(change, identifier), 'not on a row of its own below').to.be.false;
      expect(box(identifier).top - box(change).bottom, 'above the field, with a gap').to.be.within(4, 12);
      expect(middle(labelOf(el, identifier)), 'the label centred on it').to.be.closeTo(middle(change), 1);
      const gap = box(error).top - Math.max(box(password).bottom, box(show).bottom);
      expect(gap, 'the error right under the password row').to.be.within(-0.5, 8);
      expect(box(error).left, 'aligned with the field').to.be.closeTo(box(password).left, 1);
      expect(identifier.scrollWidth, `"${ERKKI.email}" fits in the read-only field`).to.be.at.most(identifier.clientWidth);
      expect(inViewport(submitButton(el)), 'the submit button in view').to.be.true;
    });

    // One message area, right above the form: a message that arrives is brought into view
    // together with the field and its button (the step's text scrolls away under the title row).
    /** The title row: what the sheet's content scrolls under. */
    const header = (el: CityLogin) => shadow(el).querySelector<HTMLElement>('[part=panel] [part=header]')!;
    const together = (el: CityLogin, message: HTMLElement) => [title(el), message, getInput(el, IDENTIFIER), getButton(el, 'Jatka')];

    it('rate-limited: the wait, the field and "Jatka" in view together, the wait under the title row', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      await openDialog(el);
      fake.fail('identify', 'rate_limited', { retryAfterSeconds: 90 });
      typeInto(getInput(el, IDENTIFIER), ERKKI.email);
      // Pressed as a resident does: focus on the button (the browser would keep it in place as
      // the message arrives above it, scrolling the message out of view).
      const jatka = getButton(el, 'Jatka');
      jatka.focus();
      jatka.click();
      await flush(el);
      const alert = shadow(el).querySelector<HTMLElement>('[part=error]')!;
      expect(alert.textContent).to.contain(WAIT);
      await waitUntil(() => together(el, alert).every(inViewport), 'the wait, the field and "Jatka" in view', { timeout: scaled(5000) });
      expect(box(alert).top, 'not hidden under the title row').to.be.at.least(box(header(el)).bottom - 0.5);
      expect(box(alert).bottom, 'right above the field').to.be.below(box(getInput(el, IDENTIFIER)).top);
    });

    it('offline: the notice, the field and "Jatka" in view together, under the title row', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      await openDialog(el);
      try {
        setOnLine(false);
        window.dispatchEvent(new Event('offline'));
        await flush(el);
        const notice = [...shadow(el).querySelectorAll<HTMLElement>('[role=alert], [role=status]')].find((n) =>
          n.textContent?.includes(OFFLINE),
        );
        expect(notice, 'the offline notice').to.exist;
        await waitUntil(() => together(el, notice!).every(inViewport), 'the notice, the field and "Jatka" in view', {
          timeout: scaled(5000),
        });
        expect(box(notice!).top, 'not hidden under the title row').to.be.at.least(box(header(el)).bottom - 0.5);
      } finally {
        setOnLine(null);
        window.dispatchEvent(new Event('online'));
        await flush(el);
      }
    });
  });

  // ---------------------------------------------------------------- a desktop, in the dialog
  describeNeeding('setViewport', 'at 1280×800, the dialog', () => {
    beforeEach(async () => {
      await setViewport({ width: 1280, height: 800 });
    });
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
    });

    it('step 2: "Vaihda" beside the read-only identifier, as "Näytä" beside the password; the label above; the address unclipped', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      await openDialog(el);
      const password = await continueTo(el, ERKKI.email);
      const identifier = getInput(el, IDENTIFIER);
      const change = getButton(el, 'Vaihda käyttäjätunnus');
      const show = getButton(el, 'Näytä salasana');
      const label = labelOf(el, identifier);
      expect(sameRow(change, identifier), `${describe_(change)} beside the field`).to.be.true;
      expect(box(change).left, 'to its right').to.be.at.least(box(identifier).right);
      expect(box(change).top, 'top-aligned with it').to.be.closeTo(box(identifier).top, 1);
      expect(sameRow(change, label), 'not beside the label').to.be.false;
      expect(box(label).bottom, 'the label above the field').to.be.at.most(box(identifier).top + 0.5);
      expect(textLines(label), 'the label on one line').to.equal(1);
      expect(box(change).right, 'at the row\'s end, as "Näytä"').to.be.closeTo(box(show).right, 1);
      expect(box(identifier).left, 'the fields aligned').to.be.closeTo(box(password).left, 1);
      expect(identifier.scrollWidth, `"${ERKKI.email}" fits in the read-only field`).to.be.at.most(identifier.clientWidth);
    });

    it('stays where it is when a status or an error appears: it grows downward', async () => {
      const el = await mount(fake, { attrs: ALL_LINES });
      const d = await openDialog(el);
      const password = await continueTo(el, ERKKI.email);
      // The opening's movement (150 ms) done: its end, not a guess at how long a busy machine takes.
      await Promise.all(d.getAnimations({ subtree: true }).map((animation) => animation.finished));
      const top = box(d).top;
      expect(top, 'near the top, not centred').to.be.within(8, 48.5);
      const titleTop = box(title(el)).top;
      const signIn = fake.defer('signIn');
      typeInto(password, 'väärä');
      submitButton(el).click();
      await flush(el);
      expect(box(d).top, 'signing in: the dialog did not move').to.be.closeTo(top, 0.5);
      signIn.fail('invalid_credentials');
      await flush(el);
      expect(el.querySelector('[slot=error]'), 'the password error').to.exist;
      expect(box(d).top, 'the error: the dialog did not move').to.be.closeTo(top, 0.5);
      expect(box(title(el)).top, 'nor its title').to.be.closeTo(titleTop, 0.5);
    });
  });

  // ---------------------------------------------------------------- a 320 px column (every engine)
  describe('in a 320 px wide column', () => {
    it('step 2 in place: "Näytä" beside the password, "Vaihda" beside the label, the address unclipped', async () => {
      const el = await mount(fake, { inline: true, attrs: ALL_LINES });
      container(el, 'inline-size: 320px');
      const password = await continueTo(el, ERKKI.email);
      const identifier = getInput(el, IDENTIFIER);
      const show = getButton(el, 'Näytä salasana');
      const change = getButton(el, 'Vaihda käyttäjätunnus');
      expect(sameRow(show, password), `${describe_(show)} beside ${describe_(password)}`).to.be.true;
      expect(box(show).left, 'to its right').to.be.at.least(box(password).right);
      expect(sameRow(change, labelOf(el, identifier)), `${describe_(change)} beside its label`).to.be.true;
      expect(box(identifier).top - box(change).bottom, 'above the field, with a gap').to.be.within(4, 12);
      expect(identifier.scrollWidth, 'the address fits').to.be.at.most(identifier.clientWidth);
      expect(box(identifier).right, 'the read-only field takes the row').to.be.closeTo(box(show).right, 1);
    });

    for (const user of [ERKKI, VIRVE]) {
      it(`the badge keeps "${user.email}" whole in a header like the demo's (wrapping: logo, navigation, element)`, async () => {
        fake.answer('session', user);
        const el = await mount(fake, { attrs: ALL_LINES });
        const header = container(
          el,
          'display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; inline-size: 320px; padding: 0.75rem 1.5rem; box-sizing: border-box',
        );
        header.insertAdjacentHTML(
          'afterbegin',
          '<strong>Espoo</strong><nav style="display: flex; gap: 1rem; flex: 1"><a href="#">Tilavaraukset</a><a href="#">Kirjautumissivu</a></nav>',
        );
        await aTimeout(0);
        const email = [...shadow(el).querySelectorAll('[part=badge] bdi')].find((b) => b.textContent === user.email)!;
        expect(email, 'the address in the badge').to.exist;
        expect(textLines(email), 'the address on one line').to.equal(1);
        expect(box(el).right, 'inside the header').to.be.at.most(box(header).right + 0.5);
      });
    }

    it('in a header that does not wrap, beside a logo, a long address breaks rather than widens the page', async () => {
      const long: User = { name: 'Maria', email: 'maria-kristiina.alexandra.wilhelmina.vonhellensosterbergahlqvist@palvelut.example.fi' };
      fake.answer('session', long);
      const el = await mount(fake, { attrs: ALL_LINES });
      const header = container(el, 'display: flex; gap: 8px; inline-size: 320px');
      header.insertAdjacentHTML('afterbegin', '<span style="flex: none; inline-size: 100px">logo</span>');
      await aTimeout(0);
      const badge = shadow(el).querySelector<HTMLElement>('[part=badge]')!;
      expect(box(badge).right, 'the badge ends inside').to.be.at.most(box(header).right + 0.5);
      expect(box(el).right, 'the element ends inside').to.be.at.most(box(header).right + 0.5);
    });
  });

  // ---------------------------------------------------------------- forced colours, dark preference
  describe('media preferences', () => {
    it('forced colours: the dialog has a visible border', async () => {
      const el = await mount(fake);
      await openDialog(el);
      const d = dialog(el)!;
      expect(parseFloat(getComputedStyle(d).borderTopWidth), 'no border in the normal theme').to.equal(0);
      const undo = applyMedia(el, /forced-colors:\s*active/);
      try {
        const style = getComputedStyle(d);
        for (const side of ['Top', 'Right', 'Bottom', 'Left'] as const) {
          expect(parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)), side).to.be.greaterThan(0);
          expect(style.getPropertyValue(`border-${side.toLowerCase()}-style`), side).to.equal('solid');
        }
      } finally {
        undo();
      }
    });

    it('dark preference: the panel gets dark defaults, every pair of colours readable', async () => {
      const el = await mount(fake, { inline: true, attrs: ALL_LINES });
      const panel = shadow(el).querySelector<HTMLElement>('[part=panel]')!;
      const light = getComputedStyle(panel).backgroundColor;
      const undo = applyMedia(el, /prefers-color-scheme:\s*dark/);
      try {
        expect(rgb(getComputedStyle(panel).backgroundColor), 'a dark panel').to.deep.equal([28, 30, 34]);
        expect(readability(el), 'pairs below their contrast').to.deep.equal([]);
        await continueTo(el, ERKKI.email);
        expect(readability(el), 'on step 2').to.deep.equal([]);
      } finally {
        undo();
      }
      expect(getComputedStyle(panel).backgroundColor, 'light again').to.equal(light);
    });

    for (const [theme, knobs] of [
      ["a primary colour only (the README's brand)", { '--city-login-color-primary': '#00558c' }],
      [
        'a whole light theme (the second city, "Satama")',
        {
          '--city-login-color-primary': '#00594c',
          '--city-login-color-text': '#13232b',
          '--city-login-color-background': '#fbfaf5',
          '--city-login-color-notice-background': '#e3f1ec',
          '--city-login-color-error': '#9b0d20',
        },
      ],
    ] as const) {
      it(`dark preference with ${theme}: the page's properties win, what it left unset still reads`, async () => {
        const el = await mount(fake, { inline: true, attrs: ALL_LINES });
        for (const [name, value] of Object.entries(knobs)) el.style.setProperty(name, value);
        const undo = applyMedia(el, /prefers-color-scheme:\s*dark/);
        try {
          const submit = getButton(el, 'Jatka');
          expect(rgb(getComputedStyle(submit).backgroundColor), "the page's primary").to.deep.equal(
            rgb(knobs['--city-login-color-primary']),
          );
          const background = (knobs as Record<string, string>)['--city-login-color-background'];
          if (background)
            expect(rgb(getComputedStyle(shadow(el).querySelector('[part=panel]')!).backgroundColor)).to.deep.equal(rgb(background));
          // The page's primary as text and focus ring on the dark default background: the page's to set (see the README).
          const ignore = background ? [] : ['link', 'focus ring'];
          expect(readability(el, ignore), 'pairs below their contrast').to.deep.equal([]);
          await continueTo(el, ERKKI.email);
          expect(readability(el, ignore), 'on step 2').to.deep.equal([]);
        } finally {
          undo();
        }
      });
    }

    itNeeding('emulateMedia', 'dark preference, emulated: the dialog is dark, the header bar is not', async () => {
      const el = await mount(fake);
      const signIn = getButton(el, 'Kirjaudu sisään');
      const barBefore = getComputedStyle(signIn).backgroundColor;
      await emulateMedia({ colorScheme: 'dark' });
      try {
        const d = await openDialog(el);
        expect(getComputedStyle(d).backgroundColor).to.equal('rgb(28, 30, 34)');
        expect(getComputedStyle(shadow(el).querySelector('[part=panel]')!).backgroundColor).to.equal('rgb(28, 30, 34)');
        expect(getComputedStyle(signIn).backgroundColor, "the bar keeps the page's colours").to.equal(barBefore);
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });
  });

  // ---------------------------------------------------------------- text spacing (WCAG 1.4.12)
  describe('text spacing set by the resident', () => {
    let style: HTMLStyleElement;
    afterEach(() => style?.remove());

    function pageStyle(css: string): void {
      style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    }

    for (const lineHeight of ['1.5', '2'] as const) {
      it(`line-height ${lineHeight}, letter-spacing .12em, word-spacing .16em on city-login reach the form's labels, inputs and buttons`, async () => {
        pageStyle(`city-login { line-height: ${lineHeight}; letter-spacing: .12em; word-spacing: .16em }`);
        const el = await mount(fake, { inline: true });
        const host = getComputedStyle(el);
        expect(host.letterSpacing, 'on the element').to.equal('1.92px');
        const password = await continueTo(el, ERKKI.email);
        const parts = [
          labelOf(el, password),
          password,
          getInput(el, IDENTIFIER),
          getButton(el, 'Näytä salasana'),
          getButton(el, 'Vaihda käyttäjätunnus'),
          submitButton(el),
          getButton(el, 'Unohtuiko käyttäjätunnus tai salasana?'),
        ];
        for (const part of parts) {
          const computed = getComputedStyle(part);
          const name = describe_(part);
          expect(computed.letterSpacing, `${name} letter-spacing`).to.equal(host.letterSpacing);
          expect(computed.wordSpacing, `${name} word-spacing`).to.equal(host.wordSpacing);
          expect(computed.lineHeight, `${name} line-height`).to.equal(host.lineHeight);
        }
      });
    }

    it('the same set with !important on every element (a bookmarklet) reaches them too', async () => {
      pageStyle('* { line-height: 2 !important; letter-spacing: .12em !important; word-spacing: .16em !important }');
      const el = await mount(fake, { inline: true });
      for (const part of [labelOf(el, getInput(el, IDENTIFIER)), getInput(el, IDENTIFIER), getButton(el, 'Jatka')]) {
        expect(getComputedStyle(part).letterSpacing, describe_(part)).to.equal('1.92px');
        expect(getComputedStyle(part).lineHeight, describe_(part)).to.equal('32px');
      }
    });

    it('other page styles still do not reach them', async () => {
      pageStyle(
        'city-login { text-transform: uppercase; font-style: italic } label, input, button { text-transform: uppercase !important }',
      );
      const el = await mount(fake, { inline: true });
      for (const part of [labelOf(el, getInput(el, IDENTIFIER)), getInput(el, IDENTIFIER), getButton(el, 'Jatka')]) {
        expect(getComputedStyle(part).textTransform, describe_(part)).to.equal('none');
      }
    });
  });

  // ---------------------------------------------------------------- layout shift
  describe('reserved size', () => {
    it('the header bar is as high while the session is checked as after, and "FIN ▼" stays in place', async () => {
      const session = fake.defer('session');
      const el = await mount(fake, { noFlush: true });
      await el.updateComplete;
      expect(shadow(el).querySelector('[part=base]')?.getAttribute('aria-busy'), 'checking').to.equal('true');
      const checking = box(el);
      const toggle = () => box(shadow(el).querySelector('[part=base] .language-toggle')!);
      const toggleChecking = toggle();
      expect(checking.bottom - checking.top, "the button's height (2.75rem)").to.be.at.least(44);
      session.resolve(null);
      await flush(el);
      getButton(el, 'Kirjaudu sisään');
      const after = box(el);
      expect(after.bottom - after.top, 'the same height').to.be.closeTo(checking.bottom - checking.top, 0.5);
      expect(after.top, 'nothing moved down').to.be.closeTo(checking.top, 0.5);
      // The placeholder is as wide as the button in this language: "FIN ▼" stays where it was.
      expect(toggle().left, '"FIN ▼" did not move').to.be.closeTo(toggleChecking.left, 0.5);
    });
  });
});
