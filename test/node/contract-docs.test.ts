/**
 * The docs follow the contract module: the README's contract table is the one rendered
 * from src/contract/ (Storybook's page renders it directly), and the prose names every
 * call and error code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CALLS, CALL_DOCS, CALL_NAMES, SHARED_RULES, SHARED_RULE_DOCS, WIRE_ERRORS } from '../../src/contract/contract.js';
import { contractMarkdown } from '../../src/contract/table.js';
import { AUTH_ERROR_CODES } from '../../src/auth/auth-client.js';
// @ts-expect-error: a plain .mjs script without types
import { END, START, withContractBlock } from '../../scripts/contract-docs.mjs';

const readme = readFileSync('README.md', 'utf8');

describe('docs follow src/contract/', () => {
  it("the README's contract table is the one rendered from the module (run `npm run docs:contract`)", () => {
    assert.ok(readme.includes(START) && readme.includes(END), 'the README has the contract-table markers');
    assert.equal(readme, withContractBlock(readme, contractMarkdown()));
  });

  it('the table has every call with its method, path and statuses', () => {
    const table = contractMarkdown();
    for (const name of CALL_NAMES) {
      const spec = CALLS[name];
      assert.ok(table.includes(`${spec.method} {endpoint}${spec.path}`), `${name}: method and path`);
      for (const status of spec.success) assert.ok(table.includes(`\`${status}\``), `${name}: success ${status}`);
      for (const rule of spec.rules) assert.ok(table.includes(`\`${rule.status}`), `${name}: ${rule.status}`);
    }
    for (const rule of SHARED_RULES) assert.ok(table.includes(`\`${rule.status}\``), `shared ${rule.status}`);
  });

  it('every status rule has its words, and every error body code is a wire code', () => {
    for (const name of CALL_NAMES) {
      for (const rule of CALLS[name].rules) {
        assert.ok(CALL_DOCS[name].rules[rule.status], `${name} ${rule.status} has words in CALL_DOCS`);
        if (rule.error) assert.ok((Object.values(WIRE_ERRORS) as string[]).includes(rule.error), `${rule.error} is in WIRE_ERRORS`);
      }
    }
    for (const rule of SHARED_RULES) assert.ok(SHARED_RULE_DOCS[rule.status], `shared ${rule.status} has words`);
  });

  it("the README's adapter section lists every error code", () => {
    const section = readme.slice(readme.indexOf('## Your own auth SDK'));
    for (const code of AUTH_ERROR_CODES) assert.ok(section.includes(`\`${code}\``), code);
  });

  it("Storybook's contract page renders the table from the module, not a copy", () => {
    const mdx = readFileSync('stories/HttpContract.mdx', 'utf8');
    assert.match(mdx, /from '\.\.\/src\/contract\/table(\.ts|\.js)?'/);
    assert.ok(!/<td><code>GET/.test(mdx), 'no hand-written rows');
  });
});
