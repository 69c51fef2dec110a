/// <reference types="node" />
/**
 * `city-login-contract`: the contract kit's command line (`bin/city-login-contract.mjs`
 * runs the compiled `dist/npm/contract-kit/cli.js`). Plain Node 20, no dependencies.
 *
 * Safety: every request goes to the origin of the given endpoint URL only, never follows a
 * redirect, has a timeout, and the run stops after --max-requests. It never provokes rate
 * limiting and never prints the password.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { looksLikeEmail } from '../contract/contract.js';
import { runContract, type KitOptions } from './kit.js';
import { EXIT_CODES, formatTable } from './report.js';

export const USAGE = `Usage: city-login-contract <endpoint-url> --user <identifier> --password <password> [options]

Runs the <city-login> HTTP contract against a live auth server, e.g.
  city-login-contract https://auth.example.fi/auth --user demo@example.fi --password '…'

Options:
  --user <identifier>      a demo account that signs in with a password (required)
  --password <password>    its password (required; or the CITY_LOGIN_CONTRACT_PASSWORD variable)
  --locked <identifier>    a locked account: login must answer 423
  --reset-email <address>  a mailbox you own: password reset must answer 202 (an email may be sent)
  --origin <origin>        the host page's origin, to check CORS (e.g. https://www.example.fi)
  --csrf-token <token>     sent as X-CSRF-Token on POSTs; a POST without it is also tried
  --max-requests <n>       never send more than n requests in total (default 40)
  --timeout <ms>           per-request timeout (default 10000)
  --json                   the report as JSON on stdout (its type: ContractReport, exported by city-login/contract-kit)
  -h, --help               this text

Exit codes: ${EXIT_CODES.ok} every required scenario passed; ${EXIT_CODES.failed} a required scenario failed or could not run; ${EXIT_CODES.usage} bad usage (nothing sent).`;

export class UsageError extends Error {}

export interface CliOptions extends KitOptions {
  json: boolean;
}

/** Reads the command line; throws {@link UsageError}. `null` for --help. */
export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        user: { type: 'string' },
        password: { type: 'string' },
        locked: { type: 'string' },
        'reset-email': { type: 'string' },
        origin: { type: 'string' },
        'csrf-token': { type: 'string' },
        'max-requests': { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? 'the endpoint URL is missing' : 'give exactly one endpoint URL');
  let endpoint: URL;
  try {
    endpoint = new URL(positionals[0]!);
  } catch {
    throw new UsageError(`not a URL: ${positionals[0]}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new UsageError('the endpoint URL must be http: or https:');
  if (endpoint.username || endpoint.password) throw new UsageError('the endpoint URL must not contain credentials');
  endpoint.search = '';
  endpoint.hash = '';
  const user = values.user?.trim();
  if (!user) throw new UsageError('--user is required');
  const password = values.password ?? env['CITY_LOGIN_CONTRACT_PASSWORD'];
  if (!password) throw new UsageError('--password is required');
  const integer = (name: 'max-requests' | 'timeout', fallback: number) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a positive integer`);
    return Number(raw);
  };
  let origin: string | undefined;
  if (values.origin !== undefined) {
    try {
      origin = new URL(values.origin).origin;
    } catch {
      throw new UsageError(`--origin is not an origin: ${values.origin}`);
    }
    if (origin === 'null') throw new UsageError(`--origin is not an http(s) origin: ${values.origin}`);
  }
  const resetEmail = values['reset-email']?.trim();
  if (resetEmail !== undefined && !looksLikeEmail(resetEmail)) throw new UsageError('--reset-email must be an email address');
  const locked = values.locked?.trim();
  return {
    endpoint,
    user,
    password,
    ...(locked ? { locked } : {}),
    ...(resetEmail !== undefined ? { resetEmail } : {}),
    ...(origin !== undefined ? { origin } : {}),
    ...(values['csrf-token'] !== undefined ? { csrfToken: values['csrf-token'] } : {}),
    maxRequests: integer('max-requests', 40),
    timeout: integer('timeout', 10000),
    nonce: randomBytes(6).toString('hex'),
    json: values.json ?? false,
  };
}

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

/** Runs the command; resolves with its exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let options: CliOptions | null;
  try {
    options = parseOptions(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`city-login-contract: ${error.message}\n\n${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  if (options === null) {
    io.stdout(`${USAGE}\n`);
    return EXIT_CODES.ok;
  }
  const report = await runContract(options);
  const text = options.json ? JSON.stringify(report, null, 2) : formatTable(report);
  // The password never reaches the output, even if a server echoes it.
  io.stdout(`${text.split(options.password).join('***')}\n`);
  return report.summary.ok ? EXIT_CODES.ok : EXIT_CODES.failed;
}
