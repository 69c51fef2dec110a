/**
 * axe-core (WCAG 2.0/2.1/2.2 A and AA rules) for the component tests: one runner for every
 * suite. It audits the element, its shadow roots and its light-DOM form.
 */
import { expect } from '@open-wc/testing';
// Registers `window.axe` (axe-core's UMD build; the package has no ES module entry).
import 'axe-core/axe.min.js';
import type { AxeResults, RunOptions } from 'axe-core';
import { WCAG_TAGS, describeViolation } from '../fixtures/wcag.js';

export { WCAG_TAGS };

interface AxeApi {
  run(context: Element, options: RunOptions): Promise<AxeResults>;
}

/** axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the element, its shadow roots and its light-DOM form. */
export async function axeViolations(el: Element): Promise<string[]> {
  const axe = (window as unknown as { axe?: AxeApi }).axe;
  if (!axe) throw new Error('axe-core did not load');
  const results = await axe.run(el, { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] });
  return results.violations.map(describeViolation);
}

export async function expectNoAxeViolations(el: Element, what: string): Promise<void> {
  const violations = await axeViolations(el);
  expect(violations, `axe violations (${what})`).to.deep.equal([]);
}
