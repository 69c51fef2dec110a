/**
 * A Vite build plugin that minifies the static text of Lit's `html` and `css`
 * tagged templates in our own sources: comments and runs of whitespace in CSS,
 * runs of whitespace in HTML (to one space, so the rendering does not change).
 * Expressions (`${...}`) are left as they are.
 */
import ts from 'typescript';
import type { Plugin } from 'vite';

export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/\s+!important/g, '!important')
    .replace(/([\s:(,])0\.(\d)/g, '$1.$2')
    .replace(/;}/g, '}')
    .trim();
}

export function minifyHtml(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Rewrites every html`` and css`` template of a TypeScript module. */
export function minifyLiterals(code: string, fileName: string): string {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'css')) {
      const minify = node.tag.text === 'css' ? minifyCss : minifyHtml;
      const template = node.template;
      // Each literal part sits between its delimiters (` or } before, ` or ${ after).
      const parts: ts.Node[] = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template]
        : [template.head, ...template.templateSpans.map((span) => span.literal)];
      for (const part of parts) {
        const start = part.getStart(source) + 1;
        const end = part.getEnd() - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
        const raw = code.slice(start, end);
        const text = minify(raw);
        if (text !== raw) edits.push({ start, end, text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

export function minifyLiteralsPlugin(): Plugin {
  return {
    name: 'city-login:minify-literals',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(html|css)`/.test(code)) return null;
      return { code: minifyLiterals(code, id), map: null };
    },
  };
}
