// A value a describe block shares between its tests, made in its beforeAll and ended in its afterAll, given
// to the block at once: the tests read it as if it were already there. This is what lets a set-up (a store,
// a gateway on an emulator) be one line in a describe block instead of a `let` per part and two hooks.
import { afterAll, beforeAll } from 'vitest';

/**
 * A stand-in for the object `read()` gives when a member is used (not before): reading it in a test or hook
 * reads the object of that moment. `read` throws while there is none.
 */
export function standIn<T extends object>(read: () => T): T {
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(read(), key),
    set: (_, key, member) => Reflect.set(read(), key, member),
    has: (_, key) => Reflect.has(read(), key),
    ownKeys: () => Reflect.ownKeys(read()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(read(), key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
}

/**
 * Registers `start` as a beforeAll and `end` as an afterAll of the enclosing describe block (or file) and
 * returns a stand-in for the value `start` makes. Reading the stand-in before the beforeAll ran throws.
 */
export function suiteValue<T extends object>(start: () => Promise<T>, end: (value: T) => Promise<void>): T {
  let current: T | undefined;
  beforeAll(async () => {
    current = await start();
  });
  afterAll(async () => {
    if (current) await end(current);
    current = undefined;
  });
  return standIn(() => {
    if (!current) throw new Error('a suite value was read before its beforeAll ran (read it inside a test or a hook)');
    return current;
  });
}
