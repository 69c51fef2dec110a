/**
 * What the browser's accessibility tree says (issue 13), read with Chromium's own tree
 * (a11ySnapshot): the name "Kirjautuminen" not repeated by the dialog, a region, the heading
 * and the form (the form is named by its step); the migration notice is the dialog's
 * description; the language button is named "FIN, valitse kieli" without a stray space; after
 * signing in, the status says so.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { a11ySnapshot } from '@web/test-runner-commands';
import '../../src/define.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import { ERKKI, FakeAuthClient } from './fake-client.js';
import { continueTo, flush, getButton, mount, shadow, submitPassword } from './helpers.js';
import { scaled } from '../browser-timing.js';

interface AXNode {
  role: string;
  name: string;
  description?: string;
  children?: AXNode[];
}

// The language switch shows only with the localization runtime.
configureCityLoginLocalization();
const WAIT = { timeout: scaled(10_000) };
const isChromium = /Chrom(e|ium)\//.test(navigator.userAgent);

function flat(node: AXNode): AXNode[] {
  return [node, ...(node.children ?? []).flatMap(flat)];
}

async function tree(): Promise<AXNode[]> {
  return flat((await a11ySnapshot({})) as unknown as AXNode);
}

(isChromium ? describe : describe.skip)('the accessibility tree (Chromium)', () => {
  let fake: FakeAuthClient;
  beforeEach(() => {
    fake = new FakeAuthClient();
  });

  it('the dialog: "Kirjautuminen" once for the dialog and once for its heading; the form named by its step; the notice is the description', async () => {
    const el = await mount(fake, { attrs: { 'support-email': 'kaupunkitekniikka@espoo.fi' } });
    getButton(el, 'Kirjaudu sisään').click();
    await flush(el);
    await waitUntil(() => el.querySelector('form'), 'the form', WAIT);
    const nodes = await tree();
    const named = nodes.filter((n) => n.name === 'Kirjautuminen').map((n) => n.role);
    expect(named.sort()).to.deep.equal(['dialog', 'heading']);
    const dialog = nodes.find((n) => n.role === 'dialog')!;
    expect(dialog.description).to.equal(
      'Kirjautumisjärjestelmä on hiljattain muuttunut. Käyttäjätunnuksena toimii jatkossa sähköpostiosoitteesi.',
    );
    expect(
      nodes.some((n) => n.role === 'form' && n.name === 'Vaihe 1 kahdesta: sähköpostiosoite tai käyttäjätunnus'),
      'the form named by its step',
    ).to.be.true;
  });

  it('in place: the region named by its heading, the form by its step', async () => {
    const el = await mount(fake, { inline: true });
    await waitUntil(() => el.querySelector('form'), 'the form', WAIT);
    const named = (await tree()).filter((n) => n.name === 'Kirjautuminen').map((n) => n.role);
    expect(named.sort()).to.deep.equal(['heading', 'region']);
    await continueTo(el, ERKKI.email);
    expect((await tree()).some((n) => n.role === 'form' && n.name === 'Vaihe 2 kahdesta: salasana')).to.be.true;
  });

  it('the language button is "FIN, valitse kieli" (no stray space)', async () => {
    await mount(fake);
    const names = (await tree()).filter((n) => n.role === 'button' && n.name.startsWith('FIN')).map((n) => n.name);
    expect(names).to.deep.equal(['FIN, valitse kieli']);
  });

  it('after signing in, the status region that was there says "Olet kirjautunut sisään." (not on a session found on load)', async () => {
    const el = await mount(fake, { attrs: { 'account-href': '/omat-tiedot' } });
    const region = shadow(el).querySelector('.bar ~ [part=message] [role=status]');
    expect(region, 'the bar’s live region exists before').to.not.equal(null);
    getButton(el, 'Kirjaudu sisään').click();
    await flush(el);
    await continueTo(el, ERKKI.email);
    await submitPassword(el, 'Salasana123');
    await waitUntil(() => region!.textContent?.includes('Olet kirjautunut sisään.'), 'said', WAIT);
    expect(shadow(el).querySelector('[part=message] [role=status]') === region, 'the same region').to.be.true;

    const restored = new FakeAuthClient();
    restored.answer('session', ERKKI);
    const again = await mount(restored);
    expect(shadow(again).querySelector('[role=status]')?.textContent).not.to.contain('Olet kirjautunut sisään.');
  });

  it('the badge link is named "Erkki Esimerkki (…), omat tiedot": it says it opens the account settings', async () => {
    const el = await mount(new FakeAuthClient().answer('session', ERKKI), { attrs: { 'account-href': '/omat-tiedot' } });
    await waitUntil(() => shadow(el).querySelector('a[part=badge]'), 'the badge', WAIT);
    const links = (await tree()).filter((n) => n.role === 'link').map((n) => n.name);
    expect(links).to.deep.equal([`${ERKKI.name} (${ERKKI.email}), omat tiedot`]);
  });

  it('in place, signed in: the region keeps its heading; "Olet kirjautunut sisään.", the badge, "Jatka palveluun"', async () => {
    const el = await mount(new FakeAuthClient().answer('session', ERKKI), {
      inline: true,
      attrs: { 'account-href': '/omat-tiedot', 'return-href': '/palvelu' },
    });
    await waitUntil(() => shadow(el).querySelector('[part=return-link]'), 'the way on', WAIT);
    const nodes = await tree();
    expect(
      nodes
        .filter((n) => n.name === 'Kirjautuminen')
        .map((n) => n.role)
        .sort(),
    ).to.deep.equal(['heading', 'region']);
    expect(
      nodes.some((n) => n.role === 'StaticText' && n.name === 'Olet kirjautunut sisään.') ||
        nodes.some((n) => n.name === 'Olet kirjautunut sisään.'),
    ).to.be.true;
    expect(nodes.filter((n) => n.role === 'link').map((n) => n.name)).to.deep.equal([
      `${ERKKI.name} (${ERKKI.email}), omat tiedot`,
      'Jatka palveluun',
    ]);
  });
});
