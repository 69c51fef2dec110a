/**
 * The credential form lives in the page's light DOM (for password managers),
 * so page CSS can reach it. The element must look the same on a page with
 * hostile global styles as on a clean page.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CityLogin } from '../../src/login/login.js';
import { ERKKI, FakeAuthClient } from './fake-client.js';
import { IDENTIFIER, PASSWORD, REMEMBER, continueTo, getButton, getInput, mount, submitButton } from './helpers.js';

const HOSTILE_CSS = `
  input { border: 3px solid red !important; padding: 30px }
  button { background: pink !important; }
  * { box-sizing: content-box !important; }
  label { font-size: 40px; color: red }
  form { margin: 50px; display: flex }
`;

const PROPERTIES = [
  'border-top-width',
  'border-right-width',
  'border-bottom-width',
  'border-left-width',
  'border-top-color',
  'border-top-style',
  'background-color',
  'box-sizing',
  'font-size',
  'font-family',
  'color',
  'padding-top',
  'padding-left',
  'margin-top',
  'margin-left',
  'display',
] as const;

type Snapshot = Record<string, Record<string, string>>;

function describeElement(element: Element): Record<string, string> {
  const style = getComputedStyle(element);
  const result: Record<string, string> = {};
  for (const property of PROPERTIES) result[property] = style.getPropertyValue(property);
  const rect = element.getBoundingClientRect();
  result['width'] = rect.width.toFixed(1);
  result['height'] = rect.height.toFixed(1);
  return result;
}

function labelFor(el: CityLogin, input: HTMLInputElement): HTMLLabelElement {
  const label = el.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(input.id)}"]`);
  if (!label) throw new Error(`No label for ${input.id}`);
  return label;
}

/** Computed styles of the light-DOM form's labels, inputs and buttons, at step 1 and step 2. */
async function snapshot(): Promise<Snapshot> {
  const fake = new FakeAuthClient();
  const el = await mount(fake, { inline: true });
  const shots: Snapshot = {};
  const identifier = getInput(el, IDENTIFIER);
  shots['step1 form'] = describeElement(el.querySelector('form')!);
  shots['step1 identifier label'] = describeElement(labelFor(el, identifier));
  shots['step1 identifier input'] = describeElement(identifier);
  shots['step1 "Jatka" button'] = describeElement(getButton(el, 'Jatka'));

  const password = await continueTo(el, ERKKI.email);
  const readonlyIdentifier = getInput(el, IDENTIFIER);
  const remember = getInput(el, REMEMBER);
  shots['step2 form'] = describeElement(el.querySelector('form')!);
  shots['step2 identifier label'] = describeElement(labelFor(el, readonlyIdentifier));
  shots['step2 read-only identifier input'] = describeElement(readonlyIdentifier);
  shots['step2 "Vaihda" button'] = describeElement(getButton(el, 'Vaihda käyttäjätunnus'));
  shots['step2 password label'] = describeElement(labelFor(el, password));
  shots['step2 password input'] = describeElement(getInput(el, PASSWORD));
  shots['step2 remember checkbox'] = describeElement(remember);
  shots['step2 remember label'] = describeElement(labelFor(el, remember));
  shots['step2 submit button'] = describeElement(submitButton(el));
  return shots;
}

function compare(clean: Snapshot, hostile: Snapshot): void {
  expect(Object.keys(hostile)).to.deep.equal(Object.keys(clean));
  const differences: string[] = [];
  for (const [part, styles] of Object.entries(clean)) {
    for (const [property, value] of Object.entries(styles)) {
      const other = hostile[part]?.[property];
      if (other !== value) differences.push(`${part} ${property}: clean ${value}, hostile ${other}`);
    }
  }
  expect(differences, differences.join('\n')).to.deep.equal([]);
}

describe('<city-login> under hostile page styles', () => {
  let clean: Snapshot;

  before(async () => {
    clean = await snapshot();
  });

  it('the clean snapshot is sane (inputs and buttons have a visible size)', () => {
    for (const part of ['step1 identifier input', 'step1 "Jatka" button', 'step2 password input', 'step2 submit button']) {
      expect(Number(clean[part]!['width']), `${part} width`).to.be.greaterThan(100);
      expect(Number(clean[part]!['height']), `${part} height`).to.be.greaterThan(20);
    }
    expect(clean['step1 identifier input']!['box-sizing']).to.equal('border-box');
  });

  it('a hostile stylesheet in document.adoptedStyleSheets changes nothing', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(HOSTILE_CSS);
    // A copy: document.adoptedStyleSheets is a live array.
    const before = [...document.adoptedStyleSheets];
    document.adoptedStyleSheets = [...before, sheet];
    try {
      // The sheet does apply to the page.
      const probe = document.createElement('label');
      document.body.append(probe);
      expect(getComputedStyle(probe).fontSize, 'hostile sheet active').to.equal('40px');
      probe.remove();
      compare(clean, await snapshot());
    } finally {
      document.adoptedStyleSheets = before;
    }
  });

  it('a hostile <style> element changes nothing', async () => {
    const style = document.createElement('style');
    style.textContent = HOSTILE_CSS;
    document.head.append(style);
    try {
      const probe = document.createElement('button');
      document.body.append(probe);
      expect(getComputedStyle(probe).backgroundColor, 'hostile style active').to.equal('rgb(255, 192, 203)');
      probe.remove();
      compare(clean, await snapshot());
    } finally {
      style.remove();
    }
  });

  it('after the hostile sheet is removed, the element looks as on a clean page', async () => {
    const probe = document.createElement('label');
    document.body.append(probe);
    expect(getComputedStyle(probe).fontSize, 'hostile sheets removed').not.to.equal('40px');
    probe.remove();
    compare(clean, await snapshot());
  });
});
