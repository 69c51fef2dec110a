// Plugin for `npm run analyze` (cem analyze --config .storybook/cem.config.mjs …).
// The element is registered by a function in src/register.ts, not by @customElement(),
// so the analyzer cannot see its tag name: read the `define('tag', Class)` calls there.
// Also drop what is not public API (private and protected members) and the pseudo-event
// `type` that the analyzer reads from the generic `#emit(type, …)` helper.
import { readFileSync } from 'node:fs';

const registrations = Object.fromEntries(
  [
    ...readFileSync(new URL('../src/register.ts', import.meta.url), 'utf8').matchAll(
      /\.define\('([a-z][a-z0-9-]*-[a-z0-9-]*)',\s*(\w+)\)/g,
    ),
  ].map(([, tag, name]) => [name, tag]),
);

/** @type {import('@custom-elements-manifest/analyzer').Plugin} */
const cityLoginPlugin = {
  name: 'city-login-manifest',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules ?? []) {
      for (const declaration of module.declarations ?? []) {
        const tagName = registrations[declaration.name];
        if (!tagName) continue;
        declaration.tagName = tagName;
        declaration.customElement = true;
        declaration.members = (declaration.members ?? []).filter(
          (member) => !member.name.startsWith('#') && member.privacy !== 'private' && member.privacy !== 'protected',
        );
        declaration.events = (declaration.events ?? []).filter((event) => event.name !== 'type');
        module.exports ??= [];
        if (!module.exports.some((e) => e.kind === 'custom-element-definition' && e.name === tagName)) {
          module.exports.push({
            kind: 'custom-element-definition',
            name: tagName,
            declaration: { name: declaration.name, module: module.path },
          });
        }
      }
    }
  },
};

// package.json names custom-elements.json itself: the freshness check in test/run.mjs writes
// to .cache/cem and must not repoint it.
export default { plugins: [cityLoginPlugin], packagejson: false };
