// `npm run docs:contract`: rewrites the README's contract table from src/contract/ (the
// block between the contract-table markers). test/node/contract-docs.test.ts fails when the
// README's copy drifts from the module.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const START = '<!-- contract-table:start (generated from src/contract/ by `npm run docs:contract`) -->';
export const END = '<!-- contract-table:end -->';

/** The README with its contract block replaced by `markdown`. */
export function withContractBlock(readme, markdown) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md has no contract-table markers');
  return `${readme.slice(0, start + START.length)}\n${markdown}\n${readme.slice(end)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = mkdtempSync(join(tmpdir(), 'contract-docs-'));
  try {
    const out = join(dir, 'table.mjs');
    await build({
      entryPoints: ['src/contract/table.ts'],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: out,
      logLevel: 'warning',
    });
    const { contractMarkdown } = await import(pathToFileURL(out).href);
    writeFileSync('README.md', withContractBlock(readFileSync('README.md', 'utf8'), contractMarkdown()));
    console.log('README.md: contract table rewritten from src/contract/');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
