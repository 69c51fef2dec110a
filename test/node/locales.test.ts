/**
 * Translations: every message has a translation in every locale, placeholders
 * match, and the Finnish copy is the seed's, word for word.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readable, SEED_DIR, SEED_FI, SEED_GUIDE } from '../fixtures/seed-fi.js';

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
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text a resident sees: placeholders out, visually hidden parts (`sr-only` spans) out. */
function visibleText(source: string): string {
  const withoutHidden = source.replace(/<x id="\d+" equiv-text="[^"]*sr-only[^"]*"\/>[\s\S]*?<x id="\d+"[^>]*\/>/g, '');
  return unescape(withoutHidden.replace(/<x [^>]*\/>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

const LOCALES = ['sv', 'en'];

describe('translations', () => {
  const sourceIds = readUnits('sv').map((u) => u.id);

  it('every locale has the same messages', () => {
    assert.ok(sourceIds.length > 40, `only ${sourceIds.length} messages found`);
    for (const locale of LOCALES)
      assert.deepEqual(
        readUnits(locale)
          .map((u) => u.id)
          .sort(),
        [...sourceIds].sort(),
        locale,
      );
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

  it('the generated modules exist for every locale, whole and in its parts (npm run localize ran)', () => {
    const generated = existsSync('src/generated/locales') ? readdirSync('src/generated/locales').sort() : [];
    // The parts are scripts/split-locales.mjs's groups (and the bar's): one per chunk with strings.
    const parts = ['', '-bar', '-form', '-set-password', '-passkeys', '-session-warning'];
    assert.deepEqual(generated, LOCALES.flatMap((l) => parts.map((part) => `${l}${part}.ts`)).sort());
  });

  it('each part holds its share of the messages, and together they are the whole', () => {
    const ids = (file: string) =>
      [...readFileSync(`src/generated/locales/${file}.ts`, 'utf8').matchAll(/^\s*'([\w.-]+)':\s/gm)].map((m) => m[1]!);
    for (const locale of LOCALES) {
      const whole = ids(locale);
      const parts = ['bar', 'form', 'set-password', 'passkeys', 'session-warning'].map((part) => ids(`${locale}-${part}`));
      assert.deepEqual(parts.flat().sort(), [...whole].sort(), locale);
      // The header bar's part has the bar's own strings; the form's, the form's.
      assert.ok(parts[0]!.includes('action.sign-out') && !parts[0]!.includes('field.password'), `${locale}-bar`);
      assert.ok(parts[1]!.includes('field.password'), `${locale}-form`);
      assert.ok(parts[2]!.includes('title.set-password'), `${locale}-set-password`);
      assert.ok(parts[3]!.includes('passkey.sign-in') && !parts[1]!.includes('passkey.sign-in'), `${locale}-passkeys`);
      assert.ok(parts[4]!.includes('session.continue') && !parts[0]!.includes('session.continue'), `${locale}-session-warning`);
    }
  });
});

describe('the Finnish copy is the seed’s', () => {
  const units = new Map(readUnits('sv').map((u) => [u.id, u]));
  for (const { id, text } of SEED_FI) {
    it(`${id}: "${text}"`, () => {
      const unit = units.get(id);
      assert.ok(unit, `no message ${id}`);
      assert.equal(visibleText(unit.source), text);
    });
  }

  // Never skipped: the guide's passages are pinned in test/fixtures/seed-fi.ts. When the seed
  // is beside this clone (this workspace, its CI), the pinned passages are checked against it too.
  it('each of those strings stands in the original guide', (t) => {
    const outOfPassage = SEED_FI.filter(({ text, passage }) => !readable(passage).includes(readable(text.replace(/:$/, '')))).map(
      (s) => s.id,
    );
    assert.deepEqual(outOfPassage, [], 'each text stands in its pinned passage of the guide');
    const guideFile = `${SEED_DIR}/${SEED_GUIDE}`;
    if (!existsSync(guideFile)) {
      t.diagnostic(`${guideFile} is not beside this clone: checked against the passages pinned in test/fixtures/seed-fi.ts only`);
      return;
    }
    const guide = readFileSync(guideFile, 'utf8');
    // Whole lines (paragraphs) of the guide: 'Jatka' must be a line of its own, not a part of one.
    const lines = new Set(guide.split('\n').map((line) => line.trim()));
    const notInSeed = SEED_FI.filter(
      ({ passage }) => !guide.includes(passage) || passage.split('\n').some((line) => line.trim() !== '' && !lines.has(line.trim())),
    ).map((s) => s.id);
    assert.deepEqual(notInSeed, [], `each pinned passage stands verbatim in ${guideFile} (update test/fixtures/seed-fi.ts from it)`);
    t.diagnostic(`the pinned passages match ${guideFile}`);
  });
});
