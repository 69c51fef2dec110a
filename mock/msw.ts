/** msw handlers over the one mock backend: used by the demo page, the tests and Storybook. */
import { HttpResponse, delay, http, type HttpHandler } from 'msw';
import { MockAuthBackend, type MockResponse } from './backend.js';

export interface HandlerOptions {
  /** The endpoint the element is pointed at. */
  endpoint?: string;
  /** Added to every answer, like a real network (the demo uses a few hundred ms; tests none). */
  latencyMs?: number;
  /**
   * Fail as the network would while the browser says it is offline (`navigator.onLine` false,
   * e.g. DevTools' "Offline"): msw's service worker answers mocked requests even then (Chromium's
   * offline emulation does not touch what a service worker makes up). The demo sets it; Storybook
   * and the tests simulate offline their own way (a fault, or `navigator.onLine` with answers).
   */
  offline?: boolean;
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toResponse(answer: Extract<MockResponse, { kind: 'response' }>): Response {
  const { status, headers, body } = answer;
  if (body === undefined) return new HttpResponse(null, { status, headers });
  if (typeof body === 'string') return new HttpResponse(body, { status, headers });
  return HttpResponse.json(body, { status, headers });
}

export function createHandlers(backend: MockAuthBackend, options: HandlerOptions = {}): HttpHandler[] {
  const endpoint = (options.endpoint ?? '/auth').replace(/\/+$/, '');
  return [
    http.all(`${endpoint}/*`, async ({ request, cookies }) => {
      if (options.offline && globalThis.navigator?.onLine === false) return HttpResponse.error();
      if (options.latencyMs) await delay(options.latencyMs);
      const answer = await backend.respond({
        origin: new URL(request.url).origin,
        method: request.method,
        // The path below the endpoint: `/login`, `/password-reset/verify`.
        path: new URL(request.url).pathname.slice(new URL(endpoint, request.url).pathname.length),
        body: await readBody(request),
        cookies,
        headers: Object.fromEntries(request.headers),
      });
      switch (answer.kind) {
        case 'network-error':
          return HttpResponse.error();
        case 'hang':
          await delay('infinite');
          return HttpResponse.error();
        case 'response':
          return toResponse(answer);
      }
    }),
  ];
}
