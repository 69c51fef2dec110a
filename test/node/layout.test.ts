/**
 * The rooms of the repository keep their doors: the shipped source (src/) imports nothing
 * from the tests or the mock backend, and the mock imports only the contract from src/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sourceFiles } from '../../scripts/source-files.mjs';

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
}

describe('layout', () => {
  it('src/ imports nothing from test/ (the demo uses mock/, which is not shipped)', () => {
    const offending = sourceFiles('src').flatMap((file) =>
      imports(file)
        .filter((spec) => /(^|\/)test\//.test(spec))
        .map((spec) => `${file}: ${spec}`),
    );
    assert.deepEqual(offending, []);
  });

  it('only the demo in src/ imports the mock backend', () => {
    const offending = sourceFiles('src')
      .filter((file) => !file.startsWith(join('src', 'demo')))
      .flatMap((file) =>
        imports(file)
          .filter((spec) => /(^|\/)mock\//.test(spec))
          .map((spec) => `${file}: ${spec}`),
      );
    assert.deepEqual(offending, []);
  });

  it('the mock backend takes from src/ only the contract', () => {
    const offending = sourceFiles('mock').flatMap((file) =>
      imports(file)
        .filter((spec) => spec.includes('/src/') && !spec.includes('/src/contract/'))
        .map((spec) => `${file}: ${spec}`),
    );
    assert.deepEqual(offending, []);
  });
});
