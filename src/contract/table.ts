/**
 * The contract's table for people, rendered from {@link CALLS} and {@link SHARED_RULES}:
 * the README's copy is checked against it (`test/node/contract-docs.test.ts`; rewrite it with
 * `npm run docs:contract`), and Storybook's "HTTP contract" page renders it directly.
 * Cells use Markdown backticks for code.
 */
import {
  CALLS,
  CALL_DOCS,
  CALL_NAMES,
  SHARED_RULES,
  SHARED_RULE_DOCS,
  type CallName,
  type StatusRule,
  type SuccessBody,
} from './contract.js';

const BODIES: Record<SuccessBody, string> = {
  user: '`{"user": {"name", "email", "assurance"?}}`',
  identify: '`{"next": "password"}` or `{"next": "redirect", "url"}`',
  ticket: '`{"username", "policy": {"minLength", "maxLength", "requires"}}`',
  'user-or-none': '`{"user"}` or no body',
  logout: 'no body, or `{"redirect"}`',
  'passkey-options': 'WebAuthn options (JSON): `{"challenge", …}`',
  none: '',
};

function rule(r: StatusRule, docs: Readonly<Record<number, string>>): string {
  return `\`${r.status}${r.error ? ` {"error": "${r.error}"}` : ''}\` ${docs[r.status] ?? ''}`.trim();
}

/** One row per call: call, request, success, failures of its own. */
export function contractRows(): Array<[string, string, string, string]> {
  return CALL_NAMES.map((name: CallName) => {
    const spec = CALLS[name];
    const docs = CALL_DOCS[name];
    const body = docs.request.length ? ` {${docs.request.map((f) => `"${f}"`).join(', ')}}` : '';
    const [first, ...others] = spec.success;
    const statuses = `\`${first}\`${others.length ? ` (also ${others.map((s) => `\`${s}\``).join(', ')})` : ''}`;
    const success = [statuses, BODIES[spec.body]].filter(Boolean).join(' ') + `: ${docs.success}`;
    // Rules of one status (by error code) share their words: said once, after the last of them.
    const rules = spec.rules.map((r, i) => rule(r, spec.rules[i + 1]?.status === r.status ? {} : docs.rules));
    return [name, `\`${spec.method} {endpoint}${spec.path}${body}\``, success, rules.join('; ')];
  });
}

/** What every call shares, as sentences. */
export function sharedRulesText(): string {
  return (
    `Every call, after its own statuses: ${SHARED_RULES.map((r) => rule(r, SHARED_RULE_DOCS)).join('; ')}. ` +
    'A redirect (`3xx`) is never followed and fails as `redirected`; a success status with a body of another shape ' +
    'is `bad_response`; any other status is `server`.'
  );
}

/** The table and the shared rules as Markdown, as the README holds them. */
export function contractMarkdown(): string {
  const rows = [['call', 'request', 'success', 'failures of its own'], ['---', '---', '---', '---'], ...contractRows()];
  return [...rows.map((row) => `| ${row.join(' | ')} |`), '', sharedRulesText()].join('\n');
}
