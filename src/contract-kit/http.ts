/**
 * The contract kit's HTTP side: one origin only, never a redirect followed, a timeout on
 * every request, a request budget, and a small cookie jar.
 */
import { CALLS, CSRF_HEADER, type CallName } from '../contract/contract.js';
import { parseJson } from '../contract/readers.js';

export interface Cookie {
  readonly name: string;
  readonly value: string;
  /** Lower-case attribute names; `true` for a flag. */
  readonly attributes: Readonly<Record<string, string | true>>;
}

export function parseSetCookie(header: string): Cookie | null {
  const [pair = '', ...rest] = header.split(';');
  const index = pair.indexOf('=');
  if (index <= 0) return null;
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key) attributes[key] = eq < 0 ? true : part.slice(eq + 1).trim();
  }
  return { name: pair.slice(0, index).trim(), value: pair.slice(index + 1).trim(), attributes };
}

/** Whether a cookie outlives the browser session, and for how long. */
export function lifetime(cookie: Cookie): { persistent: boolean; seconds: number | null } {
  const maxAge = cookie.attributes['max-age'];
  if (typeof maxAge === 'string' && /^-?\d+$/.test(maxAge)) return { persistent: true, seconds: Number(maxAge) };
  const expires = cookie.attributes['expires'];
  if (typeof expires === 'string') {
    const at = Date.parse(expires);
    if (!Number.isNaN(at)) return { persistent: true, seconds: Math.round((at - Date.now()) / 1000) };
  }
  return { persistent: false, seconds: null };
}

export function pathMatches(cookiePath: string | true | undefined, requestPath: string): boolean {
  const path = typeof cookiePath === 'string' && cookiePath.startsWith('/') ? cookiePath : '/';
  return requestPath === path || requestPath.startsWith(path.endsWith('/') ? path : `${path}/`);
}

export function describeCookie(cookie: Cookie): string {
  const a = cookie.attributes;
  const { persistent, seconds } = lifetime(cookie);
  const parts = [
    a['httponly'] ? 'HttpOnly' : 'no HttpOnly',
    a['secure'] ? 'Secure' : 'no Secure',
    typeof a['samesite'] === 'string' ? `SameSite=${a['samesite']}` : 'no SameSite',
    typeof a['path'] === 'string' ? `Path=${a['path']}` : 'no Path',
    persistent ? `${a['max-age'] !== undefined ? 'Max-Age' : 'Expires'} ${seconds}s` : 'no Max-Age/Expires',
  ];
  if (typeof a['domain'] === 'string') parts.push(`Domain=${a['domain']}`);
  return `${cookie.name}: ${parts.join(', ')}`;
}

class CookieJar {
  readonly #cookies = new Map<string, Cookie>();

  store(cookie: Cookie): void {
    const { persistent, seconds } = lifetime(cookie);
    if (persistent && seconds !== null && seconds <= 0) this.#cookies.delete(cookie.name);
    else this.#cookies.set(cookie.name, cookie);
  }

  header(requestPath: string): string {
    return [...this.#cookies.values()]
      .filter((c) => pathMatches(c.attributes['path'], requestPath))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/** One request and what came back. */
export interface Exchange {
  readonly method: string;
  readonly call: CallName;
  status: number;
  headers: Headers;
  setCookies: Cookie[];
  /** The body as JSON; `undefined` when empty or not JSON. */
  json: unknown;
  text: string;
  /** A network failure or time-out: no answer. */
  error?: string;
}

export class BudgetExhausted extends Error {}

export interface SendOptions {
  /** The method; the contract's by default (OPTIONS for a preflight). */
  method?: string;
  body?: unknown;
  /** Send the CSRF token on a POST (default true). */
  csrf?: boolean;
  /** `'jar'` (default) or the exact Cookie header to send ('' for none). */
  cookies?: 'jar' | string;
  headers?: Record<string, string>;
}

export interface ClientOptions {
  endpoint: URL;
  origin?: string;
  csrfToken?: string;
  maxRequests: number;
  timeout: number;
}

/** Sends the contract's calls to one origin, within a budget, and remembers every exchange. */
export class KitClient {
  readonly exchanges: Exchange[] = [];
  requests = 0;
  budgetReached = false;
  readonly #options: ClientOptions;
  readonly #jar = new CookieJar();
  readonly #basePath: string;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#basePath = options.endpoint.pathname.replace(/\/+$/, '');
  }

  get basePath(): string {
    return this.#basePath;
  }

  async send(call: CallName, options: SendOptions = {}): Promise<Exchange> {
    const { endpoint, origin, csrfToken, maxRequests, timeout } = this.#options;
    if (this.requests >= maxRequests) {
      this.budgetReached = true;
      throw new BudgetExhausted();
    }
    const method = options.method ?? CALLS[call].method;
    const url = new URL(`${this.#basePath}${CALLS[call].path}`, endpoint.origin);
    // Never any other host: the URL is built from the given origin only.
    if (url.origin !== endpoint.origin) throw new Error(`refusing to contact ${url.origin}`);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': 'fi',
      'User-Agent': 'city-login-contract',
      ...options.headers,
    };
    if (origin) headers['Origin'] = origin;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if ((options.csrf ?? true) && csrfToken && method === 'POST') headers[CSRF_HEADER] = csrfToken;
    const cookies = options.cookies ?? 'jar';
    const cookieHeader = cookies === 'jar' ? this.#jar.header(url.pathname) : cookies;
    if (cookieHeader) headers['Cookie'] = cookieHeader;
    this.requests += 1;
    const exchange: Exchange = { method, call, status: 0, headers: new Headers(), setCookies: [], json: undefined, text: '' };
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // The contract has no redirects: the kit reports one and never follows it.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeout),
      });
      exchange.status = response.status;
      exchange.headers = response.headers;
      exchange.text = await response.text();
      exchange.json = parseJson(exchange.text);
      for (const raw of response.headers.getSetCookie()) {
        const cookie = parseSetCookie(raw);
        if (!cookie) continue;
        exchange.setCookies.push(cookie);
        if (cookies === 'jar') this.#jar.store(cookie);
      }
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const cause = error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined;
      exchange.error =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${timeout} ms`
          : `network error: ${cause ?? (error instanceof Error ? error.message : String(error))}`;
    }
    this.exchanges.push(exchange);
    return exchange;
  }
}

/** One line for a report: status, and the body or where a redirect pointed. */
export function summarize(exchange: Exchange): string {
  if (exchange.error) return exchange.error;
  const status = exchange.status;
  if (status >= 300 && status < 400) {
    const location = exchange.headers.get('location');
    return `${status} redirect${location ? ` to ${location}` : ''} (not followed)`;
  }
  let text = `${status}`;
  if (exchange.json !== undefined) text += ` ${JSON.stringify(exchange.json)}`;
  else if (exchange.text)
    text += ` ${exchange.headers.get('content-type') ?? 'no Content-Type'}: ${JSON.stringify(exchange.text.slice(0, 40))}`;
  return text.length > 110 ? `${text.slice(0, 107)}...` : text;
}

/** A comma-separated header as lower-case items. */
export function headerList(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** Registrable-domain approximation (last two labels; IPs and single labels as is). */
export function site(url: URL): string {
  const host = url.hostname;
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return `${url.protocol}//${host}`;
  return `${url.protocol}//${host.split('.').slice(-2).join('.')}`;
}
