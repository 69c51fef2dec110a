/**
 * Where identify's redirect may send the resident (issue 20, finding 3): the pure policy.
 */
import { expect } from '@open-wc/testing';
import { MAX_REDIRECT_URL_LENGTH, checkRedirect, type RedirectPolicy } from '../../src/flow/redirect-policy.js';

const PAGE = 'https://palvelu.espoo.fi/asiointi/kirjaudu?x=1';
const policy: RedirectPolicy = { page: PAGE, origins: ['https://palvelu.espoo.fi', 'https://tunnistus.espoo.fi'] };

describe('checkRedirect', () => {
  it('follows an https URL of an allowed origin, as an absolute URL', () => {
    expect(checkRedirect('https://tunnistus.espoo.fi/start?state=abc#top', policy)).to.deep.equal({
      url: 'https://tunnistus.espoo.fi/start?state=abc#top',
    });
  });

  it('resolves a relative URL against the base (default: the page)', () => {
    expect(checkRedirect('/sso-demo', policy)).to.deep.equal({ url: 'https://palvelu.espoo.fi/sso-demo' });
    expect(checkRedirect('sso', { ...policy, base: 'https://palvelu.espoo.fi/a/b/' })).to.deep.equal({
      url: 'https://palvelu.espoo.fi/a/b/sso',
    });
    expect(checkRedirect('#sso', policy)).to.deep.equal({ url: 'https://palvelu.espoo.fi/asiointi/kirjaudu?x=1#sso' });
  });

  it('refuses an origin that is not allowed, protocol-relative URLs included', () => {
    for (const url of [
      'https://evil.example/',
      '//evil.example/phish',
      'https://tunnistus.espoo.fi.evil.example/',
      'https://palvelu.espoo.fi:8443/',
    ]) {
      expect(checkRedirect(url, policy), url).to.deep.equal({ refused: 'origin' });
    }
  });

  it('refuses credentials in the URL, even to an allowed origin', () => {
    for (const url of ['https://user:pass@tunnistus.espoo.fi/', 'https://user@tunnistus.espoo.fi/', 'https://:pass@tunnistus.espoo.fi/']) {
      expect(checkRedirect(url, policy), url).to.deep.equal({ refused: 'credentials' });
    }
  });

  it('refuses a downgrade to http: from an https: page, even to an allowed origin', () => {
    const both = { ...policy, origins: [...policy.origins, 'http://tunnistus.espoo.fi'] };
    expect(checkRedirect('http://tunnistus.espoo.fi/start', both)).to.deep.equal({ refused: 'downgrade' });
    // An http: page (development) may go to http: and to https:.
    const dev = { page: 'http://localhost:5173/', origins: ['http://localhost:5173', 'https://tunnistus.espoo.fi'] };
    expect(checkRedirect('/sso-demo', dev)).to.deep.equal({ url: 'http://localhost:5173/sso-demo' });
    expect(checkRedirect('https://tunnistus.espoo.fi/', dev)).to.deep.equal({ url: 'https://tunnistus.espoo.fi/' });
  });

  it(`refuses a URL longer than ${MAX_REDIRECT_URL_LENGTH} characters, as answered or once resolved`, () => {
    const base = 'https://tunnistus.espoo.fi/start?q=';
    const longest = base + 'a'.repeat(MAX_REDIRECT_URL_LENGTH - base.length);
    expect(checkRedirect(longest, policy)).to.deep.equal({ url: longest });
    expect(checkRedirect(`${longest}a`, policy)).to.deep.equal({ refused: 'too-long' });
    expect(checkRedirect(base + 'a'.repeat(4_000_000), policy)).to.deep.equal({ refused: 'too-long' });
    // Short as answered, too long once resolved against the page.
    const relative = `/${'a'.repeat(MAX_REDIRECT_URL_LENGTH - 10)}`;
    expect(checkRedirect(relative, policy)).to.deep.equal({ refused: 'too-long' });
  });

  it('refuses what is not http(s), or not a URL', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'ftp://tunnistus.espoo.fi/', 'https://', 'http://[::1']) {
      expect(checkRedirect(url, policy), url).to.deep.equal({ refused: 'invalid' });
    }
  });

  it('with no allowed origins refuses everything', () => {
    expect(checkRedirect('/sso-demo', { page: PAGE, origins: [] })).to.deep.equal({ refused: 'origin' });
  });
});

describe('checkRedirect: the allowed origins', () => {
  const target = 'https://sso.example.fi/start';
  const allows = (entry: string) => checkRedirect(target, { page: PAGE, origins: [entry] }).url === target;

  it("an entry stands for its URL's origin: any case, the default port, a trailing slash or a path", () => {
    for (const entry of [
      'https://sso.example.fi',
      'https://SSO.Example.fi/',
      'https://sso.example.fi:443',
      'https://sso.example.fi/any/path?q#h',
    ]) {
      expect(allows(entry), entry).to.be.true;
    }
  });

  it('another scheme, port or host is another origin', () => {
    for (const entry of ['http://sso.example.fi', 'https://sso.example.fi:8443', 'https://example.fi', 'https://x.sso.example.fi']) {
      expect(allows(entry), entry).to.be.false;
    }
  });

  it('what is not an absolute URL allows nothing (no wildcards, no keywords)', () => {
    for (const entry of ['*', 'https://*.example.fi', "'self'", 'sso.example.fi', '/start', '', 'javascript:alert(1)', 'null']) {
      expect(allows(entry), entry).to.be.false;
    }
  });
});
