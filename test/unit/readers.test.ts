/**
 * Pure parsing of server answers: Retry-After, user and identify bodies, URLs, JSON.
 */
import { expect } from '@open-wc/testing';
import {
  DEFAULT_RETRY_AFTER_SECONDS,
  MAX_RETRY_AFTER_SECONDS,
  MAX_USER_FIELD_LENGTH,
  parseErrorCode,
  parseJson,
  parseRetryAfter,
  parseUserBody,
  safeNavigationUrl,
} from '../../src/contract/readers.js';
import { parseIdentifyBody } from '../../src/contract/form-readers.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const BASE = 'https://palvelu.espoo.fi/auth/';

/** `NOW` plus some seconds, as an IMF-fixdate. */
function httpDate(secondsFromNow: number): string {
  return new Date(NOW + secondsFromNow * 1000).toUTCString();
}

/** True when a string has half of a surrogate pair on its own. */
function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('parse: constants', () => {
  it('should default to 30 s and cap at a day', () => {
    expect(DEFAULT_RETRY_AFTER_SECONDS).to.equal(30);
    expect(MAX_RETRY_AFTER_SECONDS).to.equal(86_400);
    expect(MAX_USER_FIELD_LENGTH).to.equal(200);
  });
});

describe('parseRetryAfter', () => {
  const cases: ReadonlyArray<readonly [string, string | null, number]> = [
    // delay-seconds
    ['seconds', '30', 30],
    ['one second', '1', 1],
    ['two minutes', '120', 120],
    ['surrounding whitespace', '  45 ', 45],
    ['leading zeros', '007', 7],
    ['zero (at least 1)', '0', 1],
    ['exactly the cap', '86400', MAX_RETRY_AFTER_SECONDS],
    ['a week (capped)', String(7 * 86_400), MAX_RETRY_AFTER_SECONDS],
    ['huge (capped)', '99999999999999999999999', MAX_RETRY_AFTER_SECONDS],
    // HTTP dates
    ['an HTTP date 90 s ahead', httpDate(90), 90],
    ['an HTTP date 1 s ahead', httpDate(1), 1],
    ['an HTTP date now', httpDate(0), 1],
    ['an HTTP date in the past', httpDate(-3600), 1],
    ['an HTTP date far ahead (capped)', httpDate(30 * 86_400), MAX_RETRY_AFTER_SECONDS],
    ['an RFC 850 date 60 s ahead', 'Wednesday, 15-Jan-25 12:01:00 GMT', 60],
    // missing or unreadable
    ['null', null, DEFAULT_RETRY_AFTER_SECONDS],
    ['empty', '', DEFAULT_RETRY_AFTER_SECONDS],
    ['blank', '   ', DEFAULT_RETRY_AFTER_SECONDS],
    ['a word', 'soon', DEFAULT_RETRY_AFTER_SECONDS],
    ['a unit', '5s', DEFAULT_RETRY_AFTER_SECONDS],
    ['a fraction', '1.5', DEFAULT_RETRY_AFTER_SECONDS],
    ['negative', '-5', DEFAULT_RETRY_AFTER_SECONDS],
    ['a plus sign', '+5', DEFAULT_RETRY_AFTER_SECONDS],
    ['hex', '0x10', DEFAULT_RETRY_AFTER_SECONDS],
    ['exponent', '1e3', DEFAULT_RETRY_AFTER_SECONDS],
    ['words and a number', 'later 5', DEFAULT_RETRY_AFTER_SECONDS],
    ['a word and a year', 'Retry 2030', DEFAULT_RETRY_AFTER_SECONDS],
    ['two numbers', '10, 20', DEFAULT_RETRY_AFTER_SECONDS],
    ['markup', '<b>30</b>', DEFAULT_RETRY_AFTER_SECONDS],
    ['a broken date', 'Wed, 99 Foo 2025 99:99:99 GMT', DEFAULT_RETRY_AFTER_SECONDS],
  ];
  for (const [name, value, expected] of cases) {
    it(`should read ${name} (${JSON.stringify(value)}) as ${expected}`, () => {
      expect(parseRetryAfter(value, NOW)).to.equal(expected);
    });
  }

  it('should use the real clock when no time is given', () => {
    const value = new Date(Date.now() + 120_000).toUTCString();
    const seconds = parseRetryAfter(value);
    expect(seconds).to.be.within(118, 121);
  });

  it('should always give a whole number', () => {
    const value = new Date(NOW + 1_500).toUTCString(); // dates have whole seconds: 1 s ahead
    expect(Number.isInteger(parseRetryAfter(value, NOW + 250))).to.equal(true);
  });
});

describe('parseUserBody', () => {
  it('should read name and email', () => {
    const user = parseUserBody({ user: { name: 'Erkki Esimerkki', email: 'esimerkki.erkki@example.com' } });
    expect(user?.name).to.equal('Erkki Esimerkki');
    expect(user?.email).to.equal('esimerkki.erkki@example.com');
  });

  it('should drop extra fields, in the user and around it', () => {
    const user = parseUserBody({
      user: { name: 'Erkki', email: 'e@example.com', id: 42, roles: ['admin'], token: 'secret' },
      csrf: 'x',
    });
    expect(user === null ? null : Object.keys(user).sort().join(',')).to.equal('email,name');
    expect(JSON.stringify(user)).to.not.contain('secret');
  });

  const partial: ReadonlyArray<readonly [string, unknown, string, string]> = [
    ['a missing name', { email: 'e@example.com' }, '', 'e@example.com'],
    ['a missing email', { name: 'Virve' }, 'Virve', ''],
    ['a numeric name', { name: 42, email: 'e@example.com' }, '', 'e@example.com'],
    ['a null name', { name: null, email: 'e@example.com' }, '', 'e@example.com'],
    ['an object email', { name: 'Erkki', email: { address: 'e@example.com' } }, 'Erkki', ''],
    ['an array name', { name: ['Erkki'], email: 'e@example.com' }, '', 'e@example.com'],
    ['a boolean email', { name: 'Erkki', email: true }, 'Erkki', ''],
    ['a blank name', { name: '   ', email: 'e@example.com' }, '', 'e@example.com'],
    ['padded values', { name: '  Erkki  ', email: '\te@example.com\n' }, 'Erkki', 'e@example.com'],
  ];
  for (const [name, user, expectedName, expectedEmail] of partial) {
    it(`should accept ${name}, keeping the other field`, () => {
      const parsed = parseUserBody({ user });
      expect(parsed?.name).to.equal(expectedName);
      expect(parsed?.email).to.equal(expectedEmail);
    });
  }

  const refused: ReadonlyArray<readonly [string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'Erkki'],
    ['a number', 1],
    ['an array', [{ user: { name: 'Erkki' } }]],
    ['an empty object', {}],
    ['a user that is null', { user: null }],
    ['a user that is a string', { user: 'Erkki' }],
    ['a user that is an array', { user: ['Erkki', 'e@example.com'] }],
    ['a user without name and email', { user: {} }],
    ['a user with only other fields', { user: { id: 1 } }],
    ['a user with blank name and email', { user: { name: ' ', email: '' } }],
    ['a user with non-string name and email', { user: { name: 1, email: false } }],
    ['a user with only control characters', { user: { name: '\u0000\u0007', email: '\n' } }],
    ['name and email at the top level', { name: 'Erkki', email: 'e@example.com' }],
    ['an error body', { error: 'invalid_credentials' }],
  ];
  for (const [name, body] of refused) {
    it(`should refuse ${name}`, () => {
      expect(parseUserBody(body)).to.equal(null);
    });
  }

  const markup = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', 'Erkki &amp; Esimerkki', '"><b>bold</b>'];
  for (const text of markup) {
    it(`should keep markup as plain text: ${text}`, () => {
      expect(parseUserBody({ user: { name: text, email: 'e@example.com' } })?.name).to.equal(text);
    });
  }

  const controls: ReadonlyArray<readonly [string, string, string]> = [
    ['a newline', 'Erkki\nEsimerkki', 'Erkki Esimerkki'],
    ['CR LF', 'Erkki\r\nEsimerkki', 'Erkki Esimerkki'],
    ['a tab', 'Erkki\tEsimerkki', 'Erkki Esimerkki'],
    ['NUL', 'Erkki\u0000Esimerkki', 'Erkki Esimerkki'],
    ['BEL and ESC', 'Erkki\u0007\u001bEsimerkki', 'Erkki Esimerkki'],
    ['DEL', 'Erkki\u007fEsimerkki', 'Erkki Esimerkki'],
    ['leading and trailing controls', '\u0000\nErkki\r', 'Erkki'],
  ];
  for (const [name, value, expected] of controls) {
    it(`should turn ${name} into one space`, () => {
      const user = parseUserBody({ user: { name: value, email: value } });
      expect(user?.name).to.equal(expected);
      expect(user?.email).to.equal(expected);
    });
  }

  const spoofing: ReadonlyArray<readonly [string, string, string]> = [
    // With U+202E the badge would read "erkki@example.com" backwards from here: moc.elpmaxe@...
    ['a right-to-left override', 'mallory\u202Emoc.elpmaxe@ikkre', 'mallorymoc.elpmaxe@ikkre'],
    ['a left-to-right override and pop', '\u202Derkki\u202C@example.com', 'erkki@example.com'],
    ['bidi isolates', '\u2066erkki\u2069\u2067@example.com\u2069', 'erkki@example.com'],
    ['bidi marks', 'erkki\u200E\u200F\u061C@example.com', 'erkki@example.com'],
    ['a zero-width space', 'erk\u200Bki@example.com', 'erkki@example.com'],
    ['a BOM and a word joiner', '\uFEFFerkki\u2060@example.com', 'erkki@example.com'],
    ['a soft hyphen', 'Erk\u00ADki', 'Erkki'],
    ['tag characters (hidden text)', 'Erkki\u{E0041}\u{E0042}', 'Erkki'],
    ['C1 controls', 'Erkki\u0085\u009BEsimerkki', 'Erkki Esimerkki'],
    ['a line separator', 'Erkki\u2028Esimerkki', 'Erkki Esimerkki'],
  ];
  for (const [name, value, expected] of spoofing) {
    it(`should remove ${name}`, () => {
      expect(parseUserBody({ user: { name: value, email: value } })).to.deep.equal({ name: expected, email: expected });
    });
  }

  const kept: ReadonlyArray<readonly [string, string]> = [
    ['an emoji ZWJ sequence', 'Erkki \u{1F468}\u200D\u{1F469}\u200D\u{1F467}'],
    ['a Persian name with a ZWNJ', '\u0645\u06CC\u200C\u062E\u0648\u0627\u0645'],
    ['a Devanagari name with a ZWJ', '\u0915\u094D\u200D\u0937'],
    ['a variation selector', 'Erkki \u2764\uFE0F'],
    ['Arabic letters', '\u0639\u0644\u064A'],
  ];
  for (const [name, value] of kept) {
    it(`should keep ${name}`, () => {
      expect(parseUserBody({ user: { name: value, email: 'e@example.com' } })?.name).to.equal(value);
    });
  }

  it('should keep non-ASCII letters', () => {
    expect(parseUserBody({ user: { name: 'Åsa Öhman-Äijälä', email: 'åsa@espoo.fi' } })?.name).to.equal('Åsa Öhman-Äijälä');
  });

  const lengths = [MAX_USER_FIELD_LENGTH - 1, MAX_USER_FIELD_LENGTH];
  for (const length of lengths) {
    it(`should keep a value of ${length} characters whole`, () => {
      const value = 'a'.repeat(length);
      expect(parseUserBody({ user: { name: value, email: value } })?.name).to.equal(value);
    });
  }

  for (const length of [MAX_USER_FIELD_LENGTH + 1, 1_000, 100_000]) {
    it(`should cut a value of ${length} characters to ${MAX_USER_FIELD_LENGTH} ending in an ellipsis`, () => {
      const value = 'b'.repeat(length);
      const user = parseUserBody({ user: { name: value, email: `${value}@example.com` } });
      expect(user?.name.length).to.equal(MAX_USER_FIELD_LENGTH);
      expect(user?.name.endsWith('…')).to.equal(true);
      expect(user?.name.startsWith('b'.repeat(MAX_USER_FIELD_LENGTH - 1))).to.equal(true);
      expect(user?.email.length).to.equal(MAX_USER_FIELD_LENGTH);
    });
  }

  it('should measure the length after trimming', () => {
    const value = `   ${'c'.repeat(MAX_USER_FIELD_LENGTH)}   `;
    expect(parseUserBody({ user: { name: value } })?.name).to.equal('c'.repeat(MAX_USER_FIELD_LENGTH));
  });

  for (const offset of [0, 1]) {
    it(`should not cut an emoji in half (offset ${offset})`, () => {
      const value = 'x'.repeat(offset) + '😀'.repeat(MAX_USER_FIELD_LENGTH);
      const name = parseUserBody({ user: { name: value } })?.name ?? '';
      expect(name.length).to.be.at.most(MAX_USER_FIELD_LENGTH);
      expect(name.endsWith('…')).to.equal(true);
      expect(hasLoneSurrogate(name)).to.equal(false);
    });
  }
});

describe('parseIdentifyBody', () => {
  it('should read next: password', () => {
    expect(parseIdentifyBody({ next: 'password' }, BASE)?.next).to.equal('password');
  });

  it('should ignore extra fields of a password answer', () => {
    const result = parseIdentifyBody({ next: 'password', url: 'https://x.fi/', hint: 'y' }, BASE);
    expect(JSON.stringify(result)).to.equal('{"next":"password"}');
  });

  const redirects: ReadonlyArray<readonly [string, string]> = [
    ['https://sso.espoo.fi/login?x=1', 'https://sso.espoo.fi/login?x=1'],
    ['http://sso.example.fi/', 'http://sso.example.fi/'],
    ['/sso-demo', 'https://palvelu.espoo.fi/sso-demo'],
    ['sso', 'https://palvelu.espoo.fi/auth/sso'],
    ['../login', 'https://palvelu.espoo.fi/login'],
    ['?from=identify', 'https://palvelu.espoo.fi/auth/?from=identify'],
    ['  /sso-demo  ', 'https://palvelu.espoo.fi/sso-demo'],
    ['//idp.example.fi/start', 'https://idp.example.fi/start'],
  ];
  for (const [url, expected] of redirects) {
    it(`should resolve the redirect ${JSON.stringify(url)} to ${expected}`, () => {
      const result = parseIdentifyBody({ next: 'redirect', url }, BASE);
      expect(result?.next).to.equal('redirect');
      expect(result?.next === 'redirect' ? result.url : null).to.equal(expected);
    });
  }

  const refusedUrls = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    '  javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.fi/',
    'mailto:erkki@example.com',
    'blob:https://palvelu.espoo.fi/1234',
    'http://[::1',
  ];
  for (const url of refusedUrls) {
    it(`should refuse a redirect to ${JSON.stringify(url)}`, () => {
      expect(parseIdentifyBody({ next: 'redirect', url }, BASE)).to.equal(null);
    });
  }

  const malformed: ReadonlyArray<readonly [string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'password'],
    ['an array', [{ next: 'password' }]],
    ['an empty object', {}],
    ['an unknown next', { next: 'otp' }],
    ['next in another case', { next: 'PASSWORD' }],
    ['a redirect without url', { next: 'redirect' }],
    ['a redirect with a numeric url', { next: 'redirect', url: 42 }],
    ['a redirect with an object url', { next: 'redirect', url: { href: 'https://x.fi/' } }],
    ['an error body', { error: 'not_found' }],
  ];
  for (const [name, body] of malformed) {
    it(`should refuse ${name}`, () => {
      expect(parseIdentifyBody(body, BASE)).to.equal(null);
    });
  }
});

describe('safeNavigationUrl', () => {
  const cases: ReadonlyArray<readonly [string, string, string | null]> = [
    ['https://espoo.fi/omat-tiedot', BASE, 'https://espoo.fi/omat-tiedot'],
    ['HTTPS://ESPOO.FI/x', BASE, 'https://espoo.fi/x'],
    ['http://localhost:8000/a', BASE, 'http://localhost:8000/a'],
    ['/omat-tiedot', BASE, 'https://palvelu.espoo.fi/omat-tiedot'],
    ['omat-tiedot', 'https://palvelu.espoo.fi/a/b', 'https://palvelu.espoo.fi/a/omat-tiedot'],
    ['#top', BASE, 'https://palvelu.espoo.fi/auth/#top'],
    ['', BASE, BASE],
    [' /x ', BASE, 'https://palvelu.espoo.fi/x'],
    ['javascript:alert(1)', BASE, null],
    ['\u0000javascript:alert(1)', BASE, null],
    ['data:text/plain,hi', BASE, null],
    ['mailto:kaupunkitekniikka@espoo.fi', BASE, null],
    ['tel:+358', BASE, null],
    ['ftp://espoo.fi/', BASE, null],
    ['https://', BASE, null],
    ['/relative', 'not a base', null],
  ];
  for (const [value, base, expected] of cases) {
    it(`should give ${JSON.stringify(expected)} for ${JSON.stringify(value)} against ${base}`, () => {
      expect(safeNavigationUrl(value, base)).to.equal(expected);
    });
  }
});

describe('parseErrorCode', () => {
  const cases: ReadonlyArray<readonly [string, unknown, string | null]> = [
    ['an error body', { error: 'delivery_failed' }, 'delivery_failed'],
    ['an error body with a message', { error: 'internal_error', message: '<b>x</b>' }, 'internal_error'],
    ['a numeric error', { error: 500 }, null],
    ['a nested error', { error: { code: 'x' } }, null],
    ['no error field', { message: 'x' }, null],
    ['a string', 'delivery_failed', null],
    ['an array', ['delivery_failed'], null],
    ['null', null, null],
    ['undefined', undefined, null],
  ];
  for (const [name, body, expected] of cases) {
    it(`should read ${name} as ${String(expected)}`, () => {
      expect(parseErrorCode(body)).to.equal(expected);
    });
  }
});

describe('parseJson', () => {
  const values: ReadonlyArray<readonly [string, string, string | undefined]> = [
    ['an object', '{"user":{"name":"Erkki"}}', '{"user":{"name":"Erkki"}}'],
    ['an object with whitespace', ' \n{"a":1}\n ', '{"a":1}'],
    ['an array', '[1,2]', '[1,2]'],
    ['a string', '"x"', '"x"'],
    ['a number', '42', '42'],
    ['null', 'null', 'null'],
    ['false', 'false', 'false'],
    ['empty', '', undefined],
    ['blank', '  \n\t', undefined],
    ['truncated', '{"user":{"name":"Er', undefined],
    ['HTML', '<!doctype html><title>Wi-Fi</title>', undefined],
    ['plain text', 'Internal Server Error', undefined],
    ['single quotes', "{'a':1}", undefined],
    ['a trailing comma', '{"a":1,}', undefined],
    ['two values', '{} {}', undefined],
  ];
  for (const [name, text, expected] of values) {
    it(`should read ${name} as ${String(expected)}`, () => {
      const parsed = parseJson(text);
      expect(parsed === undefined ? undefined : JSON.stringify(parsed)).to.equal(expected);
    });
  }
});
