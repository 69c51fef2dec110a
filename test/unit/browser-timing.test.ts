import { expect } from '@open-wc/testing';
import { TIME_SCALE, scaled } from '../browser-timing.js';

describe('waits in the browser scale with the machine (test/browser-timing.ts)', () => {
  it('the test page carries test/timing.mjs scale (web-test-runner.config.mjs testRunnerHtml)', () => {
    expect(globalThis.__TEST_TIME_SCALE__, 'set by the test page').to.be.a('number');
    expect(TIME_SCALE).to.equal(globalThis.__TEST_TIME_SCALE__);
    expect(TIME_SCALE).to.be.at.least(1);
  });

  it('scaled() multiplies a wait written for an idle 4-core machine', () => {
    expect(scaled(10_000)).to.equal(Math.round(10_000 * TIME_SCALE));
  });
});
