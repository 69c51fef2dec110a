/**
 * The mock backend over real HTTP (node:http), for the end-to-end tests of the
 * built bundle under a strict Content-Security-Policy and the contract kit's tests.
 * Serves static files from a small map and the auth API at `/auth/*` from the same
 * {@link MockAuthBackend} the msw handlers use (CSRF is checked there, for both), with
 * CORS for the origins it is given.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CORS } from '../src/contract/contract.js';
import { MockAuthBackend, type MockBackendOptions } from './backend.js';

export interface MockServerOptions extends MockBackendOptions {
  /** URL path → file on disk. */
  files: Record<string, string>;
  /** Headers for every HTML page (e.g. the CSP). */
  pageHeaders?: Record<string, string>;
  /** Where the auth API is mounted. */
  endpoint?: string;
  /** Page origins allowed to call the API cross-origin, with credentials (CORS). */
  corsOrigins?: readonly string[];
}

export interface MockServer {
  readonly url: string;
  readonly backend: MockAuthBackend;
  /** Every auth request seen: method, path and headers (for assertions). */
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return cookies;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const backend = new MockAuthBackend({ httpOnlyCookie: true, ...options });
  const endpoint = (options.endpoint ?? '/auth').replace(/\/+$/, '');
  const requests: MockServer['requests'] = [];
  const hanging = new Set<ServerResponse>();

  /** CORS with credentials for an allowed origin: never `*` (unless broken on purpose). */
  const corsHeaders = (origin: string | undefined): Record<string, string> => {
    if (!origin || !options.corsOrigins?.includes(origin)) return {};
    return {
      'Access-Control-Allow-Origin': options.breaks?.corsWildcard ? '*' : origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': CORS.exposeHeaders.join(', '),
      Vary: 'Origin',
    };
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith(`${endpoint}/`)) {
        const text = await readBody(request);
        const path = url.pathname.slice(endpoint.length);
        requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body: text });
        const cors = corsHeaders(request.headers.origin);
        if (request.method === 'OPTIONS') {
          const allowed = cors['Access-Control-Allow-Origin'] !== undefined;
          const preflight = allowed
            ? { 'Access-Control-Allow-Headers': CORS.allowHeaders.join(', '), 'Access-Control-Allow-Methods': CORS.allowMethods.join(', ') }
            : {};
          response.writeHead(allowed ? 204 : 403, { ...cors, ...preflight }).end();
          return;
        }
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        const answer = await backend.respond({
          method: request.method ?? 'GET',
          path,
          body,
          cookies: parseCookies(request.headers.cookie),
          origin: `http://${request.headers.host ?? 'localhost'}`,
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
          ),
        });
        if (answer.kind === 'network-error') {
          request.socket.destroy();
          return;
        }
        if (answer.kind === 'hang') {
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          return;
        }
        const payload = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        response.writeHead(answer.status, { 'Cache-Control': 'no-store', ...cors, ...answer.headers }).end(payload);
        return;
      }
      const file = options.files[url.pathname];
      if (file === undefined) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = type.startsWith('text/html') ? (options.pageHeaders ?? {}) : {};
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers }).end(await readFile(file));
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    backend,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
