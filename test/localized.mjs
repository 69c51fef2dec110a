// For the edit loop (npm run test:unit, test:component): builds src/generated/ (npm run
// localize, about 20-40 s here) only when it is missing or older than a locales/*.xlf file.
// `npm test` always builds it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';

const built = 'src/generated/locale-codes.ts';
const sources = readdirSync('locales')
  .filter((f) => f.endsWith('.xlf'))
  .map((f) => `locales/${f}`);
const stale = !existsSync(built) || sources.some((f) => statSync(f).mtimeMs > statSync(built).mtimeMs);
if (stale) {
  console.log('src/generated/ is missing or older than locales/: npm run localize');
  const result = spawnSync('npm', ['run', '--silent', 'localize'], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
