/**
 * The fixtures' XLIFF reader (test/fixtures/xliff.ts) and its node entry (texts-node.ts): the
 * lookup by message id gives the Finnish of the source (what src/ passes to msg()) and the
 * Swedish and English targets of locales/*.xlf, fills placeholders, decodes entities, and
 * throws, naming the id, whenever a test would otherwise compare against something wrong.
 * The error cases parse small XLIFF texts written here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { between, ids, pieces, text, words } from '../fixtures/texts-node.js';
import { createTexts, decodeEntities, parseXliff } from '../fixtures/xliff.js';

/** An XLIFF 1.2 file as lit-localize writes it, around `units` (each `[id, source, target?]`, inline markup as written). */
function xliff(lang: string, units: readonly (readonly [string, string, string?])[]): string {
  const body = units
    .map(
      ([id, source, target]) =>
        `<trans-unit id="${id}">\n  <source>${source}</source>\n${target === undefined ? '' : `  <target>${target}</target>\n`}</trans-unit>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file target-language="${lang}" source-language="fi" original="lit-localize-inputs" datatype="plaintext">
<body>
${body}
</body>
</file>
</xliff>
`;
}

/** A lookup over sv and en files with the same `units` (the en targets prefixed "en:"). */
function texts(units: readonly (readonly [string, string, string?])[]) {
  return createTexts({
    sv: xliff('sv', units),
    en: xliff(
      'en',
      units.map(([id, source, target]) => [id, source, target === undefined ? undefined : `en:${target}`] as const),
    ),
  });
}

/** Asserts that `run` throws an error whose message names `id` (in quotes) and matches `pattern`. */
function throwsNaming(run: () => unknown, id: string, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.ok(error.message.includes(`"${id}"`), `the message names "${id}": ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('texts-node: the lookup over locales/*.xlf', () => {
  it('gives the Finnish source and the sv and en targets of known ids', () => {
    const expected: Record<string, [fi: string, sv: string, en: string]> = {
      'action.sign-in': ['Kirjaudu sisään', 'Logga in', 'Sign in'],
      'field.identifier': ['Sähköpostiosoite / käyttäjätunnus', 'E-postadress / användarnamn', 'Email address / username'],
      'action.continue': ['Jatka', 'Fortsätt', 'Continue'],
      'error.locked': [
        'Käyttäjätunnuksesi on lukittu. Ota yhteys asiakaspalveluun.',
        'Ditt konto är låst. Kontakta kundtjänsten.',
        'Your account is locked. Please contact customer service.',
      ],
      // A non-breaking hyphen (U+2011) in the Swedish and no placeholder: kept as it is.
      'error.identifier-required': [
        'Syötä sähköpostiosoite tai käyttäjätunnus.',
        'Ange din e\u2011postadress eller ditt användarnamn.',
        'Enter your email address or username.',
      ],
    };
    for (const [id, [fi, sv, en]] of Object.entries(expected)) {
      assert.equal(text('fi', id), fi, `${id} fi`);
      assert.equal(text('sv', id), sv, `${id} sv`);
      assert.equal(text('en', id), en, `${id} en`);
    }
    assert.deepEqual(words('sv', { signIn: 'action.sign-in', signOut: 'action.sign-out' }), { signIn: 'Logga in', signOut: 'Logga ut' });
  });

  it('the Finnish is what src/ passes to msg() (every message given as a plain string)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === 'generated' ? [] : files(path);
        return path.endsWith('.ts') ? [path] : [];
      });
    const found: [id: string, literal: string, file: string][] = [];
    for (const file of files('src')) {
      const source = readFileSync(file, 'utf8');
      // msg('…', { id: '…', … }): the literal has no escapes in src/ (a backslash would need decoding: fail instead).
      for (const match of source.matchAll(/\bmsg\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*\{[^}]*?\bid:\s*'([^']+)'/g)) {
        assert.ok(!match[1]!.includes('\\'), `${file}: an escape in msg('${match[1]}') (decode it here)`);
        found.push([match[2]!, match[1]!, file]);
      }
    }
    assert.ok(found.length >= 90, `only ${found.length} msg('…') calls found in src/`);
    const known = new Set(ids());
    assert.deepEqual(
      found.filter(([id]) => !known.has(id)).map(([id, , file]) => `${file} ${id}`),
      [],
      'ids of src/ missing from locales/*.xlf (run npm run localize:extract)',
    );
    const differing = found.filter(([id, literal]) => text('fi', id) !== literal).map(([id, literal, file]) => `${file} ${id}: ${literal}`);
    assert.deepEqual(differing, []);
  });

  it('knows every unit of both files, with a text in every language', () => {
    const units = readFileSync('locales/sv.xlf', 'utf8').match(/<trans-unit\b/g)?.length ?? 0;
    assert.ok(units > 40, `${units} units`);
    assert.equal(ids().length, units);
    for (const id of ids()) for (const lang of ['fi', 'sv', 'en'] as const) assert.ok(pieces(lang, id).length > 0, `${id} ${lang}`);
  });

  it('fills placeholders by their id or by the name in their ${…}', () => {
    assert.equal(text('fi', 'wait.seconds.other', { n: 45 }), 'Voit yrittää uudelleen 45 sekunnin kuluttua.');
    assert.equal(text('fi', 'wait.seconds.other', { 0: '45' }), 'Voit yrittää uudelleen 45 sekunnin kuluttua.');
    assert.equal(text('sv', 'wait.seconds.other', { n: 45 }), 'Du kan försöka igen om 45 sekunder.');
    assert.equal(text('en', 'wait.seconds.one', { n: 1 }), 'You can try again in 1 second.');
    assert.equal(text('fi', 'action.strong-auth-named', { name: 'Suomi.fi' }), 'Tunnistaudu vahvasti: Suomi.fi');
    // A dotted name, and the non-breaking space src/ writes as \u00a0.
    assert.equal(text('fi', 'rule.min-length', { 'policy.minLength': 8 }), 'vähintään 8\u00a0merkkiä');
    // Markup placeholders (a link) take '' to leave the words.
    assert.equal(text('fi', 'intro.signup', { 0: '', 1: '' }), 'Luo uusi käyttäjätunnus jos sinulla ei vielä ole omaa käyttäjätunnusta.');
    assert.equal(between('sv', 'intro.signup', '0', '1'), 'Skapa ett nytt användarnamn');
    assert.equal(between('fi', 'intro.help', '0', '2'), 'ohje sisäänkirjautumiseen (pdf) (avautuu uuteen välilehteen)');
  });

  it('decodes the entities of the placeholders’ code', () => {
    assert.deepEqual(pieces('fi', 'intro.signup')[0], { id: '0', equiv: '<a href="${signup}">' });
    assert.deepEqual(pieces('en', 'intro.help')[1], {
      id: '0',
      equiv: '<a href="${help}" target="_blank" rel="noopener">',
    });
  });
});

describe('xliff: parsing and errors (small files written here)', () => {
  it('decodes the five entities and character references, in one pass', () => {
    assert.equal(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;'), 'a & b <c> "d" \'e\'');
    assert.equal(decodeEntities('&#228;&#xE4;&#xe4;'), 'äää');
    assert.equal(decodeEntities('&amp;lt;'), '&lt;');
    const t = texts([['x', 'Tom &amp; Jerry &lt;3 &#8211; &#x2011;', 'Tom &amp; Jerry']]);
    assert.equal(t.text('fi', 'x'), 'Tom & Jerry <3 \u2013 \u2011');
    assert.equal(t.text('sv', 'x'), 'Tom & Jerry');
    assert.equal(t.text('en', 'x'), 'en:Tom & Jerry');
  });

  it('reads the placeholders, comments aside', () => {
    const { units, targetLanguage } = parseXliff(
      xliff('sv', [['a', 'Odota <x id="0" equiv-text="${n}"/> s<!-- a comment -->.', 'Vänta <x id="0" equiv-text="${n}"/> s.']]),
    );
    assert.equal(targetLanguage, 'sv');
    assert.deepEqual(units, [
      { id: 'a', source: ['Odota ', { id: '0', equiv: '${n}' }, ' s.'], target: ['Vänta ', { id: '0', equiv: '${n}' }, ' s.'] },
    ]);
  });

  it('an unknown id throws, naming it', () => {
    const t = texts([['known', 'Tunnettu', 'Känd']]);
    throwsNaming(() => t.text('fi', 'action.sign-inn'), 'action.sign-inn', /unknown message id/);
    throwsNaming(() => t.text('sv', 'action.sign-inn'), 'action.sign-inn', /unknown message id/);
    throwsNaming(() => t.words('en', { a: 'known', b: 'nope' }), 'nope', /unknown message id/);
  });

  it('a placeholder without a value throws, naming the id', () => {
    const t = texts([['wait', 'Odota <x id="0" equiv-text="${n}"/> s.', 'Vänta <x id="0" equiv-text="${n}"/> s.']]);
    throwsNaming(() => t.text('fi', 'wait'), 'wait', /placeholder 0 \(\$\{n\}\)/);
    throwsNaming(() => t.text('sv', 'wait', { m: 1 }), 'wait', /placeholder 0/);
    // words() is for messages without placeholders.
    throwsNaming(() => t.words('en', { wait: 'wait' }), 'wait', /placeholder 0/);
  });

  it('a value no placeholder takes throws, naming the id', () => {
    const t = texts([
      ['plain', 'Jatka', 'Fortsätt'],
      ['wait', 'Odota <x id="0" equiv-text="${n}"/> s.', 'Vänta <x id="0" equiv-text="${n}"/> s.'],
    ]);
    throwsNaming(() => t.text('fi', 'plain', { n: 1 }), 'plain', /no placeholder "n"/);
    throwsNaming(() => t.text('sv', 'wait', { n: 1, extra: 'x' }), 'wait', /no placeholder "extra"/);
  });

  it('a bare "&" throws, naming the id', () => {
    throwsNaming(() => texts([['amp', 'Tom & Jerry', 'Tom &amp; Jerry']]), 'amp', /bare "&"/);
    throwsNaming(() => texts([['amp', 'Tom &amp; Jerry', 'Tom &amp Jerry']]), 'amp', /bare "&"/);
    // Outside a message too (here bare, then unknown, entities of a placeholder's code).
    throwsNaming(() => texts([['code', '<x id="0" equiv-text="a & b"/>', '<x id="0" equiv-text="a"/>']]), 'code', /bare "&"/);
    throwsNaming(() => texts([['entity', 'A &nbsp; B', 'A B']]), 'entity', /unknown entity "&nbsp;"/);
    assert.throws(() => decodeEntities('Tom & Jerry'), /bare "&"/);
  });

  it('markup other than <x/> placeholders throws, naming the id', () => {
    throwsNaming(() => texts([['bold', 'Hyvä <g id="1">sana</g>', 'Bra ord']]), 'bold', /markup this parser does not know/);
    throwsNaming(() => texts([['ph', 'Hyvä sana', 'Bra <ph id="1">ord</ph>']]), 'ph', /markup this parser does not know/);
    throwsNaming(() => texts([['noid', 'A <x equiv-text="${n}"/>', 'B']]), 'noid', /placeholder without an id/);
    assert.throws(() => texts([['cdata', '<![CDATA[a < b]]>', 'a']]), /CDATA sections are not supported/);
  });

  it('a unit without a translation throws for that language only, naming the id', () => {
    const t = createTexts({
      sv: xliff('sv', [
        ['missing', 'Puuttuu'],
        ['empty', 'Tyhjä', ''],
      ]),
      en: xliff('en', [
        ['missing', 'Puuttuu', 'Missing'],
        ['empty', 'Tyhjä', 'Empty'],
      ]),
    });
    throwsNaming(() => t.text('sv', 'missing'), 'missing', /no sv translation in locales\/sv\.xlf/);
    throwsNaming(() => t.text('sv', 'empty'), 'empty', /no sv translation/);
    assert.equal(t.text('fi', 'missing'), 'Puuttuu', 'the Finnish is the source');
    assert.equal(t.text('en', 'missing'), 'Missing');
  });

  it('a file that does not fit throws: sv and en disagreeing on the Finnish, a unit twice, a wrong language, no units', () => {
    throwsNaming(
      () => createTexts({ sv: xliff('sv', [['a', 'Yksi', 'Ett']]), en: xliff('en', [['a', 'Kaksi', 'One']]) }),
      'a',
      /different Finnish <source>/,
    );
    throwsNaming(
      () =>
        texts([
          ['twice', 'A', 'B'],
          ['twice', 'A', 'B'],
        ]),
      'twice',
      /appears twice/,
    );
    assert.throws(
      () => createTexts({ sv: xliff('en', [['a', 'A', 'B']]), en: xliff('en', [['a', 'A', 'B']]) }),
      /target-language is "en", not "sv"/,
    );
    assert.throws(() => texts([]), /no messages/);
    assert.throws(() => parseXliff(xliff('sv', [['a', 'A', 'B']]).replace('<trans-unit id="a">', '<trans-unit>')), /without an id/);
    throwsNaming(() => parseXliff(xliff('sv', [['a', 'A', 'B']]).replace('<source>A</source>', '')), 'a', /no <source>/);
  });

  it('a language other than fi, sv and en throws, naming the id', () => {
    const t = texts([['a', 'A', 'B']]);
    throwsNaming(() => t.text('de' as 'sv', 'a'), 'a', /no language "de"/);
  });

  it('between() takes the words between two placeholders, and throws for placeholders the message lacks', () => {
    const t = texts([['link', '<x id="0" equiv-text="&lt;a&gt;"/>Linkki<x id="1" equiv-text="&lt;/a&gt;"/> tässä.', 'Länk']]);
    assert.equal(t.between('fi', 'link', '0', '1'), 'Linkki');
    throwsNaming(() => t.between('fi', 'link', '1', '0'), 'link', /no placeholders 1 … 0/);
    throwsNaming(() => t.between('sv', 'link', '0', '1'), 'link', /no placeholders/);
  });
});
