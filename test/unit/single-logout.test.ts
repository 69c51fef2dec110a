/**
 * Issue 17's additions to the contract's readers: logout's optional `{redirect}` (single
 * logout) and the user's optional `assurance`, read alike by the client and the contract kit.
 */
import { expect } from '@open-wc/testing';
import { AuthError } from '../../src/auth/auth-client.js';
import { interpret, type Answer } from '../../src/contract/contract.js';
import { parseLogoutBody, parseUserBody } from '../../src/contract/readers.js';

const BASE = 'https://palvelu.espoo.fi/auth/';
const NO_HEADERS = { get: () => null };

function answer(status: number, body?: unknown): Answer {
  return { status, headers: NO_HEADERS, body };
}

describe('logout answer (single logout)', () => {
  it('204 or 200 without redirect: nothing to follow', () => {
    expect(interpret('logout', answer(204), { baseUrl: BASE })).to.deep.equal({});
    expect(interpret('logout', answer(200), { baseUrl: BASE })).to.deep.equal({});
    expect(interpret('logout', answer(200, { success: true }), { baseUrl: BASE })).to.deep.equal({});
  });

  it('200 {redirect}: the absolute http(s) URL, relative ones resolved against the endpoint', () => {
    expect(interpret('logout', answer(200, { redirect: 'https://tunnistus.suomi.fi/idp/logout?x=1' }), { baseUrl: BASE })).to.deep.equal({
      redirect: 'https://tunnistus.suomi.fi/idp/logout?x=1',
    });
    expect(parseLogoutBody({ redirect: '/tunnistus-demo?uloskirjautuminen' }, BASE)).to.deep.equal({
      redirect: 'https://palvelu.espoo.fi/tunnistus-demo?uloskirjautuminen',
    });
  });

  for (const redirect of ['javascript:alert(1)', 'data:text/html,x', 'http://[', 42, null, { url: 'https://x.fi' }]) {
    it(`a redirect that is no http(s) URL (${JSON.stringify(redirect)}) is a bad response`, () => {
      expect(parseLogoutBody({ redirect }, BASE)).to.be.null;
      expect(() => interpret('logout', answer(200, { redirect }), { baseUrl: BASE }))
        .to.throw(AuthError)
        .with.property('code', 'bad_response');
    });
  }
});

describe('user assurance', () => {
  for (const assurance of ['password', 'passkey', 'strong'] as const) {
    it(`keeps "${assurance}"`, () => {
      expect(parseUserBody({ user: { name: 'Erkki', email: 'e@example.com', assurance } })).to.deep.equal({
        name: 'Erkki',
        email: 'e@example.com',
        assurance,
      });
    });
  }

  for (const assurance of ['STRONG', 'high', 3, '', null, ['strong']]) {
    it(`drops an unknown assurance ${JSON.stringify(assurance)} (the user stays)`, () => {
      expect(parseUserBody({ user: { name: 'Erkki', email: 'e@example.com', assurance } })).to.deep.equal({
        name: 'Erkki',
        email: 'e@example.com',
      });
    });
  }
});
