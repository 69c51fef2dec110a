/**
 * Translations: every message has a translation in every locale, placeholders
 * match, and the Finnish copy is the seed's, word for word.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';

interface Unit {
  id: string;
  source: string;
  target: string | null;
}

function readUnits(locale: string): Unit[] {
  const xml = readFileSync(`locales/${locale}.xlf`, 'utf8');
  return [...xml.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)].map(([, id, body]) => ({
    id: id!,
    source: /<source>([\s\S]*?)<\/source>/.exec(body!)?.[1] ?? '',
    target: /<target>([\s\S]*?)<\/target>/.exec(body!)?.[1] ?? null,
  }));
}

const placeholders = (text: string) => [...text.matchAll(/<x id="(\d+)"/g)].map((m) => m[1]).sort();
const unescape = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text a resident sees: placeholders out, visually hidden parts (`sr-only` spans) out. */
function visibleText(source: string): string {
  const withoutHidden = source.replace(/<x id="\d+" equiv-text="[^"]*sr-only[^"]*"\/>[\s\S]*?<x id="\d+"[^>]*\/>/g, '');
  return unescape(withoutHidden.replace(/<x [^>]*\/>/g, '')).replace(/\s+/g, ' ').trim();
}

const LOCALES = ['sv', 'en'];

/** The seed's Finnish, word for word (../shared/seed/), by message id. */
const SEED: Record<string, string> = {
  'action.sign-in': 'Kirjaudu sisään',
  'title.sign-in': 'Kirjautuminen',
  'intro.notice': 'Kirjautumisjärjestelmä on hiljattain muuttunut. Käyttäjätunnuksena toimii jatkossa sähköpostiosoitteesi.',
  'intro.help': 'Ongelmia sisäänkirjautumisessa? Katso ohje sisäänkirjautumiseen (pdf) muutosten jälkeen.',
  'intro.signup': 'Luo uusi käyttäjätunnus jos sinulla ei vielä ole omaa käyttäjätunnusta.',
  'intro.authority': 'Viranomaiskäyttäjä? Kirjaudu sisään normaaliin tapaan välittämättä muutoksista.',
  'field.identifier': 'Sähköpostiosoite / käyttäjätunnus',
  'action.continue': 'Jatka',
  'action.forgot': 'Unohtuiko käyttäjätunnus tai salasana?',
  'intro.password': 'Syötä nyt salasanasi. Se on edelleen sama kuin ennenkin.',
  'field.password': 'Salasana',
  'field.remember': 'Muista kirjautumiseni tässä tietokoneessa',
  'error.delivery-failed':
    'Salasanan palautuslinkin lähettäminen antamaasi sähköpostiosoitteeseen ei onnistunut. Ota yhteys asiakaspalveluun.',
  'action.sign-out': 'Kirjaudu ulos',
  'contact.line': 'Olethan meihin yhteydessä mahdollisissa ongelmatilanteissa. Sähköposti:',
};

describe('translations', () => {
  const sourceIds = readUnits('sv').map((u) => u.id);

  it('every locale has the same messages', () => {
    assert.ok(sourceIds.length > 40, `only ${sourceIds.length} messages found`);
    for (const locale of LOCALES) assert.deepEqual(readUnits(locale).map((u) => u.id).sort(), [...sourceIds].sort(), locale);
  });

  for (const locale of LOCALES) {
    it(`every message has a ${locale} translation with the same placeholders`, () => {
      const problems: string[] = [];
      for (const unit of readUnits(locale)) {
        if (unit.target === null || unit.target.trim() === '') problems.push(`${unit.id}: no translation`);
        else if (unit.target.trim() === unit.source.trim()) problems.push(`${unit.id}: the translation is the Finnish text`);
        else if (placeholders(unit.target).join() !== placeholders(unit.source).join()) problems.push(`${unit.id}: placeholders differ`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('the generated modules exist for every locale (lit-localize build ran)', () => {
    const generated = existsSync('src/generated/locales') ? readdirSync('src/generated/locales').sort() : [];
    assert.deepEqual(generated, LOCALES.map((l) => `${l}.ts`).sort());
  });
});

describe('the Finnish copy is the seed’s', () => {
  const units = new Map(readUnits('sv').map((u) => [u.id, u]));
  for (const [id, seed] of Object.entries(SEED)) {
    it(`${id}: "${seed}"`, () => {
      const unit = units.get(id);
      assert.ok(unit, `no message ${id}`);
      assert.equal(visibleText(unit.source), seed);
    });
  }

  const seedFile = '../shared/seed';
  it('each of those strings stands in the original guide', { skip: !existsSync(seedFile) && 'the seed is not beside this clone' }, () => {
    const guide = readdirSync(seedFile)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(`${seedFile}/${f}`, 'utf8'))
      .join('\n')
      // The guide is Markdown: links as [text](url), parentheses escaped; buttons in capitals.
      .replace(/\\([()[\]])/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\s+/g, ' ')
      .toLowerCase();
    const missing = Object.values(SEED).filter((text) => !guide.includes(text.replace(/:$/, '').toLowerCase()));
    assert.deepEqual(missing, []);
  });
});
