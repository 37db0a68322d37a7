// One log line per HTTP request: its request id, method, path, GraphQL operation (name and type), status and
// duration. The request id is the caller's `X-Request-Id` when it is a plain token (a proxy's), else a new
// UUID; it is answered in the `X-Request-Id` header and handed to resolvers as GraphQLContext.requestId, so
// an audit row can name the request that made it. Never logged: the query text, variables, headers, the
// query string (a GET may carry variables there) — only what identifies the request.
import { randomUUID } from 'node:crypto';
import { getOperationAST, type DocumentNode, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError } from '../core/errors.js';
import { describeError, type Logger } from '../core/log.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept only when it is this plain (letters, digits, ".", "_", ":", "-"; at most 128). */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface RequestRecord {
  id: string;
  startedAt: number;
  operationName: string | null;
  operationType: string | null;
}

const records = new WeakMap<Request, RequestRecord>();

function recordOf(request: Request): RequestRecord {
  let record = records.get(request);
  if (!record) {
    const given = request.headers.get(REQUEST_ID_HEADER);
    record = {
      id: given && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID(),
      startedAt: performance.now(),
      operationName: null,
      operationType: null,
    };
    records.set(request, record);
  }
  return record;
}

/** The id of a request (assigned on first sight). */
export function requestIdOf(request: Request): string {
  return recordOf(request).id;
}

function noteOperation(request: Request | undefined, document: DocumentNode, operationName: string | null | undefined): void {
  if (!request) return;
  const operation = getOperationAST(document, operationName ?? undefined);
  const record = recordOf(request);
  record.operationName = operation?.name?.value ?? operationName ?? null;
  record.operationType = operation?.operation ?? null;
}

/** Health, readiness and metrics: polled all the time, logged at "debug" unless they fail. */
const PROBE_PATHS = new Set(['/health', '/ready', '/metrics']);

/** Put it first among the plugins, so that requests answered early by another plugin (401, 413) are logged too. */
export function requestLogPlugin(logger: Logger): Plugin {
  return {
    onRequest({ request }) {
      recordOf(request);
    },
    onParams({ request, params }) {
      // Operation name as sent, when it is a name (the document, once parsed, may say better: onExecute).
      if (typeof params.operationName === 'string') recordOf(request).operationName = params.operationName.slice(0, 200);
    },
    onExecute({ args }) {
      noteOperation((args.contextValue as { request?: Request }).request, args.document, args.operationName);
    },
    onSubscribe({ args }) {
      noteOperation((args.contextValue as { request?: Request }).request, args.document, args.operationName);
    },
    onResponse({ request, response }) {
      const record = recordOf(request);
      response.headers.set(REQUEST_ID_HEADER, record.id);
      let path = '';
      try {
        path = new URL(request.url).pathname;
      } catch {
        // an unparsable URL is logged without a path
      }
      // Probes come every few seconds from every load balancer and scraper: their lines only at "debug" when all is well.
      const quiet = PROBE_PATHS.has(path) && response.status < 400;
      logger.log(response.status >= 500 ? 'error' : quiet ? 'debug' : 'info', 'request', {
        requestId: record.id,
        method: request.method,
        path,
        operationName: record.operationName,
        operationType: record.operationType,
        status: response.status,
        durationMs: Math.round(performance.now() - record.startedAt),
      });
    },
  };
}

/**
 * yoga's own logger, on the gateway's. yoga reports at "error" every error its masking replaced: typed
 * gateway errors (a NotFoundError, a paging ValidationError: answers to the client, already in the request
 * line) are logged at "info" ("warn" for a VendorError), and only the rest — unexpected failures, whose
 * message the client never sees — at "error". Errors are written as describeError makes them: a failed SQL
 * statement by the driver's code and message, never its parameters.
 */
export function yogaLogging(logger: Logger): {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
} {
  const text = (args: unknown[]) => args.map((arg) => describeError(arg)).join(' ');
  return {
    debug: () => {},
    info: (...args) => logger.log('info', text(args)),
    warn: (...args) => logger.log('warn', text(args)),
    error: (...args) => {
      const typed = args.map(gatewayErrorOf).find((error) => error !== null);
      if (typed) {
        logger.log(typed.code === 'VENDOR_ERROR' ? 'warn' : 'info', 'request answered with an error', {
          code: typed.code,
          error: describeError(typed),
        });
        return;
      }
      logger.log('error', 'unexpected error', { error: text(args) });
    },
  };
}

function gatewayErrorOf(value: unknown): GatewayError | null {
  if (value instanceof GatewayError) return value;
  if (value instanceof GraphQLError && value.originalError instanceof GatewayError) return value.originalError;
  return null;
}
