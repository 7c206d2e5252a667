/**
 * "Once this request is answered": work a request starts but need not finish before its answer
 * (the notices' delivery after a report) waits for the response to be sent, so it neither delays
 * the answer nor competes with it for storage and the CPU. Carried by AsyncLocalStorage from the
 * HTTP middleware (http.ts) through every await of the request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<Promise<void>>();

/** Runs `fn` as the handling of a request whose response is `res`. */
export function whileAnswering<T>(res: { once(event: 'close', listener: () => void): unknown }, fn: () => T): T {
  // 'close' follows 'finish', and also comes when the client went away first: it always comes.
  const answered = new Promise<void>((resolve) => res.once('close', resolve));
  return storage.run(answered, fn);
}

/** Resolves once the request being handled has been answered; at once outside a request (a sweep, a test). */
export const answered = (): Promise<void> => storage.getStore() ?? Promise.resolve();
