// Checks requests and responses against SlashID's official OpenAPI (shared/vendors/specs/) with
// openapi-backend (Ajv underneath). Three deliberate adjustments, each stricter or per OpenAPI 3.0's own rules:
// - siblings of a `$ref` are dropped (OpenAPI 3.0 ignores them; the official file has `deprecated` beside
//   `$ref` on external_cred, which openapi-backend's strict document check refuses);
// - the OAuth* schemas get `additionalProperties: false`, so a stray field (a leaked client_secret in a
//   read, a misspelt key in a request) fails instead of passing silently;
// - 401/403/408 answers, which the spec does not list per operation, are checked against APIResponseBase
//   (VENDORS.md 5.4: every error uses that envelope), and any other undeclared status is a failure.
import { readFileSync } from 'node:fs';
import { OpenAPIBackend } from 'openapi-backend';
import { parse } from 'yaml';
import type { EmulatorExchange } from '../../src/vendors/slashid/emulator/server.js';

// A copy of ../shared/vendors/specs/ (SlashID's official OpenAPI), so the suite runs from a clone alone.
const SPEC_FILE = new URL('./spec/slashid-organization-sso-config-api-openapi.yml', import.meta.url);
const UNLISTED_ERROR_STATUSES = ['401', '403', '408'];

type Json = unknown;

function dropRefSiblings(node: Json): Json {
  if (Array.isArray(node)) return node.map(dropRefSiblings);
  if (node && typeof node === 'object') {
    if ('$ref' in node) return { $ref: (node as { $ref: string }).$ref };
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, dropRefSiblings(value)]));
  }
  return node;
}

interface Doc {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, { type?: string; properties?: unknown; additionalProperties?: boolean }> };
}

function prepare(raw: Json): { doc: Doc; declared: Map<string, Set<string>> } {
  const doc = dropRefSiblings(raw) as Doc;
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (name.startsWith('OAuth') && schema.type === 'object' && schema.properties) schema.additionalProperties = false;
  }
  const declared = new Map<string, Set<string>>();
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !operation.operationId || !operation.responses) continue;
      declared.set(operation.operationId, new Set(Object.keys(operation.responses)));
      for (const status of UNLISTED_ERROR_STATUSES) operation.responses[status] = { $ref: '#/components/responses/BadRequest' };
    }
  }
  return { doc, declared };
}

export interface SpecChecker {
  /** Problems of one exchange; `checkRequest: false` for requests a test sends wrong on purpose. */
  problems(exchange: EmulatorExchange, options?: { checkRequest?: boolean }): string[];
  /** Problems of a request the gateway would send (from emulator.requests). */
  requestProblems(request: Pick<EmulatorExchange, 'method' | 'path' | 'rawQuery' | 'headers' | 'body'>): string[];
}

let loaded: Promise<SpecChecker> | undefined;

export function loadSpecChecker(): Promise<SpecChecker> {
  loaded ??= build();
  return loaded;
}

async function build(): Promise<SpecChecker> {
  const { doc, declared } = prepare(parse(readFileSync(SPEC_FILE, 'utf8')));
  const api: OpenAPIBackend = new OpenAPIBackend({
    definition: doc as unknown as OpenAPIBackend['definition'],
    strict: true,
    quick: false,
    ajvOpts: { allErrors: true },
  });
  await api.init();

  const describe = (errors: Array<{ instancePath: string; message?: string }> | null | undefined) =>
    (errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`.trim());

  function requestProblems(request: Pick<EmulatorExchange, 'method' | 'path' | 'rawQuery' | 'headers' | 'body'>): string[] {
    const req = { method: request.method, path: request.path, headers: request.headers, query: request.rawQuery };
    const operation = api.matchOperation(req);
    if (!operation) return [`${request.method} ${request.path}: no such operation in the spec`];
    const problems: string[] = [];
    // Security scheme ApiKeyAuth applies to every operation.
    if (!request.headers['slashid-api-key']) problems.push('request: missing SlashID-API-Key header (ApiKeyAuth)');
    let body: unknown;
    if (request.body !== '') {
      if (!/^application\/json/.test(request.headers['content-type'] ?? ''))
        problems.push('request: body without Content-Type application/json');
      body = JSON.parse(request.body);
    } else if (operation.requestBody) {
      problems.push('request: no body');
    }
    const result = api.validateRequest({ ...req, body }, operation);
    problems.push(...describe(result.errors).map((text) => `request ${text}`));
    return problems;
  }

  return {
    requestProblems,
    problems(exchange, options = {}) {
      const problems: string[] = [];
      if (options.checkRequest !== false) problems.push(...requestProblems(exchange));
      const operation = api.matchOperation({
        method: exchange.method,
        path: exchange.path,
        headers: exchange.headers,
        query: exchange.rawQuery,
      });
      if (!operation) return problems;
      const status = String(exchange.status);
      const allowed = declared.get(operation.operationId!) ?? new Set();
      if (!allowed.has(status) && !UNLISTED_ERROR_STATUSES.includes(status)) {
        problems.push(`response status ${status} is not one ${operation.operationId} declares (${[...allowed].join(', ')})`);
        return problems;
      }
      const content = (operation.responses?.[status] as { content?: unknown } | undefined)?.content;
      if (!content) {
        if (exchange.response !== undefined) problems.push(`response ${status} must have no body`);
        return problems;
      }
      const result = api.validateResponse(exchange.response, operation, exchange.status);
      problems.push(...describe(result.errors).map((text) => `response ${status} ${text}`));
      return problems;
    },
  };
}

/** Every exchange of an emulator, checked; returns "METHOD path -> status: problem" lines. */
export async function specViolations(exchanges: EmulatorExchange[], options: { checkRequests?: boolean } = {}): Promise<string[]> {
  const checker = await loadSpecChecker();
  return exchanges.flatMap((exchange) =>
    checker
      .problems(exchange, { checkRequest: options.checkRequests ?? true })
      .map(
        (problem) =>
          `${exchange.method} ${exchange.path}${exchange.rawQuery ? `?${exchange.rawQuery}` : ''} -> ${exchange.status}: ${problem}`,
      ),
  );
}
