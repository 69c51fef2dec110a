/**
 * The contract kit's report: what `city-login-contract --json` prints, typed, with a
 * runtime check a backend team's CI (or our tests) can use, and the table for people.
 */

/** pass; fail (a required scenario failed); warn (an advisory or optional one failed); skip (not run). */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  /** What the contract expects. */
  readonly expected: string;
  /** What the server answered (never the password). */
  readonly got: string;
  readonly verdict: Verdict;
  /** A failure of this scenario fails the run. */
  readonly required: boolean;
  /** A failure is a warning only. */
  readonly advisory: boolean;
  /** What to fix, on fail or warn. */
  readonly hint?: string;
}

export interface ContractSummary {
  readonly passed: number;
  readonly failed: number;
  readonly warnings: number;
  readonly skipped: number;
  /** Requests sent. */
  readonly requests: number;
  readonly maxRequests: number;
  /** The run stopped at `maxRequests`. */
  readonly budgetReached: boolean;
  /** Every required scenario passed. */
  readonly ok: boolean;
  /** The ids of required scenarios that failed or could not run. */
  readonly failedRequired: readonly string[];
}

export interface ContractReport {
  /** The endpoint checked. */
  readonly endpoint: string;
  readonly results: readonly ScenarioResult[];
  readonly summary: ContractSummary;
}

/** The exit codes of `city-login-contract`. */
export const EXIT_CODES = {
  /** Every required scenario passed. */
  ok: 0,
  /** A required scenario failed or could not run (or the kit itself failed). */
  failed: 1,
  /** Bad usage: the options were wrong; nothing was sent. */
  usage: 2,
} as const;

const VERDICTS: readonly string[] = ['pass', 'fail', 'warn', 'skip'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The problems that keep `value` from being a {@link ContractReport}; empty when it is one. */
export function reportProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(value)) return ['not an object'];
  if (typeof value['endpoint'] !== 'string') problems.push('endpoint: not a string');
  const results = value['results'];
  if (!Array.isArray(results)) problems.push('results: not an array');
  else {
    results.forEach((result: unknown, index) => {
      if (!isRecord(result)) return void problems.push(`results[${index}]: not an object`);
      for (const key of ['id', 'title', 'expected', 'got']) {
        if (typeof result[key] !== 'string') problems.push(`results[${index}].${key}: not a string`);
      }
      if (!VERDICTS.includes(result['verdict'] as string)) problems.push(`results[${index}].verdict: not a verdict`);
      for (const key of ['required', 'advisory']) {
        if (typeof result[key] !== 'boolean') problems.push(`results[${index}].${key}: not a boolean`);
      }
      if (result['hint'] !== undefined && typeof result['hint'] !== 'string') problems.push(`results[${index}].hint: not a string`);
    });
  }
  const summary = value['summary'];
  if (!isRecord(summary)) problems.push('summary: not an object');
  else {
    for (const key of ['passed', 'failed', 'warnings', 'skipped', 'requests', 'maxRequests']) {
      if (!Number.isInteger(summary[key])) problems.push(`summary.${key}: not an integer`);
    }
    for (const key of ['budgetReached', 'ok']) {
      if (typeof summary[key] !== 'boolean') problems.push(`summary.${key}: not a boolean`);
    }
    const failed = summary['failedRequired'];
    if (!Array.isArray(failed) || !failed.every((id) => typeof id === 'string')) problems.push('summary.failedRequired: not a list of ids');
  }
  return problems;
}

export function isContractReport(value: unknown): value is ContractReport {
  return reportProblems(value).length === 0;
}

/** The report as a table a backend team can act on. */
export function formatTable(report: ContractReport): string {
  const rows = [
    ['scenario', 'expected', 'got', 'verdict'],
    ...report.results.map((r) => [`${r.id}${r.advisory ? ' (advisory)' : ''}`, r.expected, r.got, r.verdict.toUpperCase()]),
  ] as Array<[string, string, string, string]>;
  const width = (column: number, max: number) => Math.min(Math.max(...rows.map((row) => row[column].length)), max);
  const widths = [width(0, 38), width(1, 40), width(2, 64)];
  const cell = (text: string, w: number) => (text.length > w ? `${text.slice(0, w - 1)}…` : text.padEnd(w));
  const lines = rows.map((row) => [cell(row[0], widths[0]!), cell(row[1], widths[1]!), cell(row[2], widths[2]!), row[3]].join('  '));
  lines.splice(1, 0, '-'.repeat(lines[0]!.length));
  const s = report.summary;
  const out = [`city-login contract: ${report.endpoint}`, '', ...lines, ''];
  const todo = report.results.filter((r) => r.hint);
  if (todo.length) {
    out.push('To fix:');
    for (const r of todo) out.push(`  ${r.verdict === 'fail' ? 'FAIL' : 'WARN'} ${r.id}: ${r.got}\n       → ${r.hint}`);
    out.push('');
  }
  out.push(
    `${s.ok ? 'PASS' : 'FAIL'}: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.skipped} skipped; ` +
      `${s.requests} of at most ${s.maxRequests} requests` +
      (s.budgetReached ? ` (stopped: --max-requests ${s.maxRequests} reached)` : '') +
      (s.ok ? '' : `; failing or not run: ${s.failedRequired.join(', ')}`),
  );
  return out.join('\n');
}
