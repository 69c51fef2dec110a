/**
 * Args, argTypes and the render function of <city-login>, derived from
 * custom-elements.json (`npm run analyze`), so a new attribute or event gets a
 * control and an action without touching the stories.
 */
import type { ArgTypes, Args } from '@storybook/web-components-vite';
import manifest from '../../custom-elements.json';

interface ManifestAttribute {
  name: string;
  fieldName?: string;
  type?: { text: string };
  default?: string;
  description?: string;
}
interface ManifestEvent {
  name: string;
  description?: string;
}
interface ManifestDeclaration {
  tagName?: string;
  attributes?: ManifestAttribute[];
  members?: Array<{ kind: string; name: string }>;
  events?: ManifestEvent[];
}

export const TAG = 'city-login';

const declaration = (manifest.modules as Array<{ declarations?: ManifestDeclaration[] }>)
  .flatMap((module) => module.declarations ?? [])
  .find((d) => d.tagName === TAG);
if (!declaration) throw new Error(`custom-elements.json has no <${TAG}>: run npm run analyze`);

export const ATTRIBUTES: readonly ManifestAttribute[] = declaration.attributes ?? [];
export const EVENTS: readonly ManifestEvent[] = declaration.events ?? [];

type Kind = 'boolean' | 'number' | 'text';

function kindOf(attribute: ManifestAttribute): Kind {
  const type = attribute.type?.text ?? '';
  if (/\bboolean\b/.test(type)) return 'boolean';
  if (/\bnumber\b/.test(type)) return 'number';
  // Untyped with a non-string default (e.g. `timeout = DEFAULT_TIMEOUT_MS`): a number property.
  if (type === '' && attribute.default !== undefined && !/^['"`]/.test(attribute.default)) return 'number';
  return 'text';
}

/** `city-login-signed-in` → `onCityLoginSignedIn`: the arg that receives the event (an action). */
export function eventArg(name: string): string {
  return `on${name.replace(/(^|-)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}`;
}

/** Controls for every attribute; property rows stay in the docs table without a second control. */
export function argTypes(): ArgTypes {
  const types: ArgTypes = {};
  const attributeFields = new Set(ATTRIBUTES.map((a) => a.fieldName));
  for (const member of declaration!.members ?? []) {
    if (member.kind === 'field' && attributeFields.has(member.name) && !ATTRIBUTES.some((a) => a.name === member.name)) {
      types[member.name] = { control: false };
    }
  }
  for (const attribute of ATTRIBUTES) {
    const kind = kindOf(attribute);
    types[attribute.name] = {
      name: attribute.name,
      description: attribute.description,
      control:
        attribute.name === 'lang'
          ? { type: 'select', labels: { '': '(unset: the toolbar language)' } }
          : attribute.name === 'heading-level'
            ? { type: 'number', min: 1, max: 6, step: 1 }
            : kind === 'boolean'
              ? 'boolean'
              : kind === 'number'
                ? { type: 'number', min: 0, step: 1000 }
                : 'text',
      ...(attribute.name === 'lang' ? { options: ['', 'fi', 'sv', 'en'] } : {}),
      table: {
        category: 'attributes',
        type: { summary: attribute.type?.text ?? kind },
        ...(attribute.default === undefined ? {} : { defaultValue: { summary: attribute.default } }),
      },
    };
  }
  return types;
}

/** The default args: the attributes as the demo page uses them. */
export const DEFAULT_ARGS: Args = {
  lang: '',
  endpoint: '/auth',
  inline: false,
  'help-href': '/ohjeet/kirjautuminen.pdf',
  'signup-href': '/rekisteroidy',
  'account-href': '/omat-tiedot',
  'support-email': 'kaupunkitekniikka@espoo.fi',
  'csrf-token': 'storybook-csrf-token',
  'no-notice': false,
  'no-authority-line': false,
  'no-language-switch': false,
  'heading-level': 2,
  timeout: 15000,
};

/**
 * A fresh <city-login> with the args as attributes (a boolean arg sets or drops the
 * attribute; an empty text arg leaves it unset) and the events wired to their actions.
 */
export function renderCityLogin(args: Args): HTMLElement {
  const element = document.createElement(TAG);
  for (const attribute of ATTRIBUTES) {
    const value: unknown = args[attribute.name];
    if (value === undefined || value === null || value === false || value === '') continue;
    element.setAttribute(attribute.name, value === true ? '' : String(value));
  }
  for (const event of EVENTS) {
    const handler: unknown = args[eventArg(event.name)];
    if (typeof handler === 'function') element.addEventListener(event.name, handler as EventListener);
  }
  return element;
}
