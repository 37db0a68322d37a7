// Comparing what a vendor received with what a plan said it would send (the plan tests of each vendor): both
// put in one shape, the received request without the headers the adapter adds at send time (its auth
// headers) or the HTTP client adds by itself.
import type { PlannedRequest } from '../../src/core/vendor-contract/adapter.js';
import { encodeQuery } from '../../src/core/vendor-http/client.js';
import type { RecordedRequest } from '../../src/emulation/http.js';

/** Headers the HTTP client adds by itself; not part of a planned request. */
export const TRANSPORT_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
]);

/** A received request in the planned shape: `authHeaderNames` and transport headers left out, the raw query kept too. */
export function receivedAsPlanned(req: RecordedRequest, authHeaderNames: readonly string[]) {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(([name]) => !authHeaderNames.includes(name) && !TRANSPORT_HEADERS.has(name)),
  );
  return { method: req.method, path: req.path, query: req.query, rawQuery: req.rawQuery, headers, body: req.body };
}

/** A planned request in the shape `receivedAsPlanned` gives a received one. */
export function plannedAsReceived(req: PlannedRequest) {
  return {
    method: req.method,
    path: req.path,
    query: req.query ?? {},
    rawQuery: encodeQuery(req.query),
    headers: req.headers ?? {},
    body: req.body ?? '',
  };
}
