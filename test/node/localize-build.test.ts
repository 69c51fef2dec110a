/**
 * scripts/localize-build.mjs, the build's two plugins for @lit/localize: the translators' notes
 * (`desc` in `msg()`) cut out of the source it bundles, and the runtime's id generation left out.
 * On small sources, on every file of src/, and on the dist/ that `npm test` has built.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { stripTranslatorNotes } from '../../scripts/localize-build.mjs';
import { sourceFiles } from '../../scripts/source-files.mjs';

/** The `msg()` calls of `code`: their options' property names, and the `desc` texts. */
function messages(code: string): { properties: string[][]; notes: string[] } {
  const source = ts.createSourceFile('file.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const properties: string[][] = [];
  const notes: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'msg') {
      const options = node.arguments[1];
      const names: string[] = [];
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          if (!ts.isPropertyAssignment(property)) continue;
          names.push(property.name.getText(source));
          if (property.name.getText(source) === 'desc' && ts.isStringLiteralLike(property.initializer))
            notes.push(property.initializer.text);
        }
      }
      properties.push(names);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { properties, notes };
}

describe('the translators’ notes are cut out of msg()', () => {
  it('after the id, on one line or over several, and before it', () => {
    assert.equal(stripTranslatorNotes("msg('Hei', { id: 'a', desc: 'A greeting' })"), "msg('Hei', { id: 'a' })");
    assert.equal(
      stripTranslatorNotes("msg(str`${n} min`, {\n  id: 'b',\n  desc: 'Minutes, \\'n\\' a number',\n})"),
      "msg(str`${n} min`, {\n  id: 'b',\n})",
    );
    assert.equal(stripTranslatorNotes("msg('Hei', { desc: 'A greeting', id: 'a' })"), "msg('Hei', { id: 'a' })");
  });

  it('leaves everything else as it is: other calls, other properties, code without notes', () => {
    assert.equal(stripTranslatorNotes("describe('x', { desc: 'kept' }); msg('Hei', { id: 'a' })"), null);
    assert.equal(stripTranslatorNotes("const a = { desc: 'kept' };"), null);
    assert.equal(stripTranslatorNotes('const a = 1;'), null);
    assert.equal(
      stripTranslatorNotes("const o = { desc: 'kept' }; msg('Hei', { id: 'a', desc: 'gone' });"),
      "const o = { desc: 'kept' }; msg('Hei', { id: 'a' });",
    );
  });

  it('in every file of src/: each msg() keeps its id and loses its note, and the file still parses', () => {
    let notes = 0;
    for (const file of sourceFiles('src')) {
      const code = readFileSync(file, 'utf8');
      const stripped = stripTranslatorNotes(code, file) ?? code;
      const before = messages(code);
      const after = messages(stripped);
      notes += before.notes.length;
      assert.deepEqual(
        after.properties,
        before.properties.map((names) => names.filter((name) => name !== 'desc')),
        file,
      );
      const { diagnostics = [] } = ts.transpileModule(stripped, { fileName: file, reportDiagnostics: true });
      assert.deepEqual(
        diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
        [],
        file,
      );
    }
    assert.ok(notes > 0, 'src/ has translators’ notes to cut (else this test tests nothing)');
  });
});

describe('dist/ (built by npm test)', () => {
  const files = readdirSync('dist', { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ name, code: readFileSync(join('dist', name), 'utf8') }))
    .filter(({ name }) => !name.startsWith('npm/'));

  it('holds no translator’s note of src/', () => {
    const notes = sourceFiles('src').flatMap((file) => messages(readFileSync(file, 'utf8')).notes);
    for (const { name, code } of files) {
      for (const note of notes) assert.ok(!code.includes(note), `${name} holds the note "${note}"`);
    }
  });

  it('has the runtime without its id generation', () => {
    const entry = files.find(({ name }) => name === 'city-login.js');
    assert.ok(entry, 'dist/city-login.js is built');
    assert.ok(entry.code.includes('msg() without an id'), 'the id generation is replaced (scripts/localize-build.mjs)');
  });
});
