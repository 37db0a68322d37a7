// GET /audit.jsonl: the audit trail as JSON Lines, for SIEM tools. Mounted on the gateway's server as a
// yoga plugin (src/server.ts).
//
//   GET /audit.jsonl?since=2025-01-01T00:00:00Z&until=...&connectionId=...&vendor=cpanel&providerKey=...
//                   &actor=...&status=SUCCEEDED,FAILED&operation=...&kind=MUTATION
//
// Every parameter is optional; several `status` values may be given comma-separated or repeated. `since` is
// inclusive and `until` exclusive, both on occurredAt, as ISO 8601 (a date, or a date and time with Z or an
// offset). Rows come oldest first, read from the store a page at a time as the client consumes the
// response, so a large export never sits in memory. A bad parameter is a 400 before any row is read:
//   { "error": { "code": "BAD_REQUEST", "parameter": "since", "message": "..." } }
// A value with a control character (U+0000-U+001F, U+007F; e.g. "%00") is such a bad parameter: no audit
// field holds one, and PostgreSQL refuses a NUL in text outright.
//
// Each line is one audit event, in this shape (stable: new fields may be added, none renamed or removed):
//   { "id", "occurredAt", "finishedAt", "kind", "status", "reason", "actor", "operation", "connectionId",
//     "vendor", "providerKey", "requestId", "durationMs", "input", "before", "after", "planned", "changes",
//     "plannedRequests", "vendorRequests", "error" }
// Times are ISO 8601 UTC with milliseconds; vendor is the lower-case vendor key; status and kind are the
// GraphQL enum values. A row is exported as it is at the moment it is read: a mutation still in flight is
// PENDING, and is not exported again when it finishes. To follow the trail, poll with `since` set to the
// last occurredAt seen (inclusive, so de-duplicate on `id`), or subscribe to auditEventAdded.
//
// The caller sees what the auditEvents query would show it: an admin every event, a viewer or operator only
// its own (actor = its token name), and only of the connections its token is limited to. Without a valid
// token the request is answered 401 before it gets here (src/security.ts).
//
// No secret is in the rows (inputs and states hold keyed fingerprints, vendor requests are redacted); each
// line is still passed through the secret scrubber, as every log line is.
import type { Plugin } from 'graphql-yoga';
import { type Principal, restrictAuditFilter } from '../core/access.js';
import type { JsonObject, JsonValue } from '../core/vendor-contract/adapter.js';
import { describeError, type Logger } from '../core/log.js';
import type { GatewayServices } from '../core/services.js';
import type { VendorKey } from '../model/vendor-key.js';
import { VENDOR_KEYS } from '../vendors/index.js';
import { controlCharacterIn, describeControlCharacter } from './argument-guard.js';
import { type AuditEventRow, type AuditFilter, type AuditPosition, listAuditEvents, type ListedAuditEvent } from '../store/audit.js';
import { AUDIT_KINDS, AUDIT_STATUSES, type AuditKind, type AuditStatus, type StoredFieldChange } from '../store/tables.js';

export const AUDIT_EXPORT_PATH = '/audit.jsonl';
/** Rows read from the store per page (and written per chunk). */
export const AUDIT_EXPORT_PAGE_SIZE = 500;

export interface AuditExportLine {
  id: string;
  occurredAt: string;
  finishedAt: string | null;
  kind: AuditKind;
  status: AuditStatus;
  reason: string | null;
  actor: string;
  operation: string;
  connectionId: string;
  vendor: string;
  providerKey: string | null;
  requestId: string | null;
  durationMs: number | null;
  input: JsonObject;
  before: JsonObject | null;
  after: JsonObject | null;
  planned: JsonObject | null;
  changes: StoredFieldChange[];
  plannedRequests: JsonValue[];
  vendorRequests: JsonValue[];
  error: JsonObject | null;
}

/** The exported shape of one row; explicit, so that a new column does not silently change the export. */
export function toAuditExportLine(row: AuditEventRow): AuditExportLine {
  return {
    id: row.id,
    occurredAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
    kind: row.kind,
    status: row.status,
    reason: row.reason,
    actor: row.actor,
    operation: row.operation,
    connectionId: row.connectionId,
    vendor: row.vendor,
    providerKey: row.providerKey,
    requestId: row.requestId,
    durationMs: row.durationMs,
    input: row.input,
    before: row.before ?? null,
    after: row.after ?? null,
    planned: row.planned ?? null,
    changes: row.changes,
    plannedRequests: row.plannedRequests,
    vendorRequests: row.vendorRequests,
    error: row.error ?? null,
  };
}

class BadParameter extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

const PARAMETERS = ['since', 'until', 'connectionId', 'vendor', 'providerKey', 'actor', 'status', 'operation', 'kind'] as const;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function parseTime(params: URLSearchParams, name: 'since' | 'until'): Date | undefined {
  const raw = single(params, name);
  if (raw === undefined) return undefined;
  // An unencoded "+02:00" offset arrives as " 02:00" (a "+" in a query string means a space).
  const text = raw.replace(' ', '+');
  const time = ISO_TIME.test(text) ? new Date(text) : null;
  if (!time || Number.isNaN(time.getTime())) {
    throw new BadParameter(name, `${name} must be an ISO 8601 date or date-time with a zone, e.g. 2025-01-31T12:00:00Z; got "${raw}"`);
  }
  return time;
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new BadParameter(name, `${name} may be given once`);
  if (values[0] === '') throw new BadParameter(name, `${name} must not be empty`);
  return values[0];
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new BadParameter(name, `${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

/** The filter a query string asks for; throws BadParameter naming the first bad parameter. */
export function parseAuditExportQuery(params: URLSearchParams): AuditFilter {
  for (const name of new Set(params.keys())) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw new BadParameter(name, `unknown parameter "${name}"; known: ${PARAMETERS.join(', ')}`);
    }
    for (const value of params.getAll(name)) {
      const found = controlCharacterIn(value);
      if (found !== null)
        throw new BadParameter(name, `${name} contains a control character (${describeControlCharacter(found)}); no audit field holds one`);
    }
  }
  const since = parseTime(params, 'since');
  const until = parseTime(params, 'until');
  const vendor = single(params, 'vendor');
  const kind = single(params, 'kind');
  const statuses = params
    .getAll('status')
    .flatMap((value) => value.split(','))
    .map((value) => oneOf('status', value.trim(), AUDIT_STATUSES));
  return {
    since,
    until,
    connectionId: single(params, 'connectionId'),
    vendor: vendor === undefined ? undefined : oneOf<VendorKey>('vendor', vendor.toLowerCase(), VENDOR_KEYS),
    providerKey: single(params, 'providerKey'),
    actor: single(params, 'actor'),
    statuses: statuses.length ? statuses : undefined,
    operation: single(params, 'operation'),
    kind: kind === undefined ? undefined : oneOf('kind', kind, AUDIT_KINDS),
  };
}

/** The fetch classes of the server adapter (yoga's fetchAPI); Node's globals by default. */
export interface ExportFetchApi {
  Response: typeof Response;
  ReadableStream: typeof ReadableStream;
  TextEncoder: typeof TextEncoder;
}

export async function handleAuditExport(
  request: Request,
  services: GatewayServices,
  logger: Logger,
  fetchAPI: ExportFetchApi = globalThis,
  /** The caller; absent: unrestricted (an admin of every connection). */
  principal?: Principal,
): Promise<Response> {
  const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
  if (request.method !== 'GET') {
    return jsonResponse(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Use GET.' } }, { allow: 'GET' });
  }
  let filter: AuditFilter | null;
  try {
    filter = parseAuditExportQuery(new URL(request.url).searchParams);
    if (principal) filter = restrictAuditFilter(filter, principal);
  } catch (error) {
    if (!(error instanceof BadParameter)) throw error;
    return jsonResponse(400, { error: { code: 'BAD_REQUEST', parameter: error.parameter, message: error.message } });
  }

  const visible = filter;
  const readPage = async (after: AuditPosition | undefined) =>
    visible ? listAuditEvents(services.db, { ...visible, order: 'oldest-first', after, limit: AUDIT_EXPORT_PAGE_SIZE }) : [];
  const toLines = (rows: ListedAuditEvent[]) =>
    rows.map((row) => `${services.secrets.scrub(JSON.stringify(toAuditExportLine(row)))}\n`).join('');

  // The first page is read before answering, so that a store failure is a 500 rather than a cut-off 200.
  let page: ListedAuditEvent[];
  try {
    page = await readPage(undefined);
  } catch (error) {
    logger.log('error', 'audit export failed', { error: describeError(error) });
    return jsonResponse(500, { error: { code: 'INTERNAL', message: 'The audit trail could not be read.' } });
  }

  const encoder = new fetchAPI.TextEncoder();
  const body = new fetchAPI.ReadableStream<Uint8Array>(
    {
      // Called when the client has taken what was queued: one store page per pull, so memory stays bounded.
      async pull(controller) {
        try {
          if (!page.length) {
            controller.close();
            return;
          }
          const current = page;
          const full = current.length === AUDIT_EXPORT_PAGE_SIZE;
          controller.enqueue(encoder.encode(toLines(current)));
          page = full ? await readPage(current.at(-1)!.position) : [];
        } catch (error) {
          // Headers are gone: cutting the response short is the only honest signal left.
          logger.log('error', 'audit export failed mid-stream', { error: describeError(error) });
          controller.error(error);
        }
      },
      cancel() {
        page = [];
      },
    },
    { highWaterMark: 0 },
  );
  return new fetchAPI.Response(body, {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** The yoga plugin that answers GET /audit.jsonl before GraphQL handling. */
/** `principalOf` names the caller (null: none, answered 401; the authentication plugin has answered those already). */
export function auditExportPlugin(services: GatewayServices, logger: Logger, principalOf: (request: Request) => Principal | null): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== AUDIT_EXPORT_PATH) return;
      const principal = principalOf(request);
      if (!principal) {
        return endResponse(
          new fetchAPI.Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'Send "Authorization: Bearer <token>".' } }), {
            status: 401,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          }),
        );
      }
      return handleAuditExport(request, services, logger, fetchAPI, principal).then(endResponse);
    },
  };
}
