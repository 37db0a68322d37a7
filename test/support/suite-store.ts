// A store for a describe block (or file) in one line, PGlite unless the caller passes a kind from stores.ts.
import type { Store } from '../../src/store/open.js';
import { PGLITE, type StoreKind, type TestStoreOptions } from './stores.js';
import { suiteValue } from './suite-value.js';

/** A store of `kind` (default PGlite) for the enclosing describe block or file: opened before its tests, closed after them. */
export function storeForSuite(kind: StoreKind = PGLITE, options: TestStoreOptions = {}): Store {
  return suiteValue(
    () => kind.open(options),
    (store) => store.close(),
  );
}
