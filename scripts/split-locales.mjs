// After `lit-localize build`: splits each generated locale module (src/generated/locales/sv.ts,
// en.ts: every message of the element) into one module per chunk of the bundle, so a language
// loads only the strings of what the page shows (issue 15):
//   src/generated/locales/<locale>-bar.ts           the element (header bar, panel header, notices)
//   src/generated/locales/<locale>-form.ts          the sign-in form's chunk (src/login/panel.ts …)
//   src/generated/locales/<locale>-set-password.ts  the reset link's step
//   src/generated/locales/<locale>-passkeys.ts      the passkeys' chunk (issue 16)
//   src/generated/locales/<locale>-session-warning.ts  the warning before the session ends (issue 17)
// (Named <locale>-…: the bundle's chunks are named after them, and the size budget knows a
// language chunk by its `sv-`/`en-` prefix.)
// A message goes to the first group whose files use it (bar, then form, then set-password); the
// groups' files are listed in GROUPS below: a file not listed is the element's (bar). The full
// modules stay as they are (the npm package exports them for apps with their own @lit/localize).
// lit-localize has no option for this (one output per locale), hence this script; it reads the
// generated module and the sources with the TypeScript compiler, so it follows their syntax.
//
// Usage: `node scripts/split-locales.mjs` (npm run localize runs it after lit-localize build).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './source-files.mjs';

const root = resolve(import.meta.dirname, '..');
const GENERATED = join(root, 'src/generated/locales');

/** The modules of each chunk loaded on demand; every other file in src/ is the element's. */
export const GROUPS = {
  form: ['src/login/panel.ts', 'src/login/form-messages.ts'],
  'set-password': ['src/login/set-password.ts'],
  passkeys: ['src/login/passkeys.ts'],
  'session-warning': ['src/login/session-warning.ts'],
};
const ORDER = ['bar', ...Object.keys(GROUPS)];

/** Every `msg(…, { id: '…' })` id in a source file. */
function messageIds(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const ids = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'msg') {
      const options = node.arguments[1];
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          if (ts.isPropertyAssignment(property) && property.name.getText(source) === 'id' && ts.isStringLiteral(property.initializer)) {
            ids.push(property.initializer.text);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return ids;
}

/** id → group: the earliest group (in ORDER) of a file that uses it. */
const groupOf = new Map();
for (const file of sourceFiles(join(root, 'src'))) {
  const name = relative(root, file).split('\\').join('/');
  const group = Object.entries(GROUPS).find(([, files]) => files.includes(name))?.[0] ?? 'bar';
  for (const id of messageIds(file)) {
    const known = groupOf.get(id);
    if (known === undefined || ORDER.indexOf(group) < ORDER.indexOf(known)) groupOf.set(id, group);
  }
}

// The full modules: `sv.ts`, `en.ts` (not the groups written below, nor locale-codes).
const locales = readdirSync(GENERATED)
  .filter((name) => /^[a-z]{2,3}(?:_[A-Za-z]+)?\.ts$/.test(name))
  .map((name) => name.slice(0, -3));
for (const locale of locales) {
  const file = join(GENERATED, `${locale}.ts`);
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  /** group → the text of its properties. */
  const parts = Object.fromEntries(ORDER.map((group) => [group, []]));
  ts.forEachChild(source, (node) => {
    if (!ts.isVariableStatement(node)) return;
    for (const declaration of node.declarationList.declarations) {
      if (
        declaration.name.getText(source) !== 'templates' ||
        !declaration.initializer ||
        !ts.isObjectLiteralExpression(declaration.initializer)
      )
        continue;
      for (const property of declaration.initializer.properties) {
        const id = ts.isPropertyAssignment(property) && ts.isStringLiteral(property.name) ? property.name.text : null;
        if (id === null) throw new Error(`${file}: unexpected property ${property.getText(source).slice(0, 60)}`);
        // A translation no source uses any more goes nowhere (lit-localize warns about it).
        const group = groupOf.get(id);
        if (group) parts[group].push(property.getText(source));
      }
    }
  });
  for (const group of ORDER) {
    const body = parts[group].join(',\n');
    const imports = [
      /\bhtml`/.test(body) ? "import { html } from 'lit';" : '',
      /\bstr`/.test(body) ? "import { str } from '@lit/localize';" : '',
    ]
      .filter(Boolean)
      .join('\n');
    writeFileSync(
      join(GENERATED, `${locale}-${group}.ts`),
      `// Generated by scripts/split-locales.mjs from ${locale}.ts: do not edit.\n${imports}\n\nexport const templates = {\n${body}\n};\n`,
    );
  }
  console.log(`${locale}: ${ORDER.map((group) => `${group} ${parts[group].length}`).join(', ')}`);
}
