// Two Vite plugins for the build (`vite build`; the dev server and the tests keep everything as it
// is) that leave out of the bundle what @lit/localize never uses at run time for our messages:
//
// - stripTranslatorNotes: the `desc` of each `msg(…, { id, desc })` is a note for translators
//   (lit-localize writes it into locales/*.xlf); the runtime never reads it. It is cut out of
//   src/**/*.ts, found in the TypeScript syntax tree. The source keeps it, for
//   `npm run localize:extract`.
// - messageIdsOnly: every `msg()` of ours has an `id` (ESLint's `no-restricted-syntax` in
//   eslint.config.js fails one without), so the runtime's id generation for the others (a 64-bit
//   FNV-1a hash of the template, about 200 B gzip) is never called: runtime-msg.js gets a
//   `generateMsgId` that says which rule was broken instead.
// Each is measured in CONTRIBUTING.md ("Home-made tools, and why").
import ts from 'typescript';

/** `code` without the `desc` properties of `msg()`'s options; `null` when it has none. */
export function stripTranslatorNotes(code, fileName = 'module.ts') {
  if (!code.includes('desc')) return null;
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** [start, end) ranges to cut, in source order. */
  const cuts = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'msg') {
      const options = node.arguments[1];
      if (options && ts.isObjectLiteralExpression(options)) {
        const properties = options.properties;
        properties.forEach((property, index) => {
          if (!ts.isPropertyAssignment(property) || property.name.getText(source) !== 'desc') return;
          // With the comma that joins it to its neighbour (the one before it, else the one after).
          const start = index > 0 ? properties[index - 1].end : property.getStart(source);
          const end = index > 0 ? property.end : (properties[index + 1]?.getStart(source) ?? property.end);
          cuts.push([start, end]);
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (cuts.length === 0) return null;
  let result = '';
  let at = 0;
  for (const [start, end] of cuts) {
    result += code.slice(at, start);
    at = end;
  }
  return result + code.slice(at);
}

/** The `desc` of our messages left out of the bundle (src/**\/*.ts). */
export function stripTranslatorNotesPlugin() {
  return {
    name: 'city-login:strip-translator-notes',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id)) return null;
      const result = stripTranslatorNotes(code, id);
      return result === null ? null : { code: result, map: null };
    },
  };
}

const ID_GENERATION = '\0city-login:msg-id-generation';

/** @lit/localize's runtime without its id generation (our messages all have ids). */
export function messageIdsOnlyPlugin() {
  return {
    name: 'city-login:message-ids-only',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      if (source === './id-generation.js' && importer && /[\\/]@lit[\\/]localize[\\/]internal[\\/]runtime-msg\.js$/.test(importer)) {
        return ID_GENERATION;
      }
      return null;
    },
    load(id) {
      if (id !== ID_GENERATION) return null;
      return `export function generateMsgId() {
  throw new Error('<city-login>: msg() without an id (every message needs { id }: eslint.config.js)');
}`;
    },
  };
}
