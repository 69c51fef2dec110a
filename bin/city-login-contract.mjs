#!/usr/bin/env node
// city-login-contract: checks a live auth server against the HTTP contract of <city-login>.
// The kit is TypeScript (src/contract-kit/), compiled into dist/npm/ by `npm run build`;
// this file only starts it. `city-login-contract --help` lists the options.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/npm/contract-kit/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('city-login-contract: dist/npm/contract-kit/cli.js is missing: run `npm run build` first.\n');
  process.exit(1);
}
const { main } = await import(cli.href);
main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`city-login-contract: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
