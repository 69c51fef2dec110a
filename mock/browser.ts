/** Starts the mock backend in the page through msw's service worker (served at /mockServiceWorker.js). */
import { setupWorker } from 'msw/browser';
import { MockAuthBackend, type MockBackendOptions } from './backend.js';
import { createHandlers, type HandlerOptions } from './msw.js';

export async function startMockBackend(options: MockBackendOptions & HandlerOptions = {}) {
  const backend = new MockAuthBackend(options);
  const worker = setupWorker(...createHandlers(backend, options));
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  return { backend, worker };
}
