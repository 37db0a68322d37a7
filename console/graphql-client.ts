// A tiny typed client for the gateway's trusted documents: a persisted document is sent by its id only (Apollo's
// APQ form, extensions.persistedQuery.sha256Hash), and its result is typed by gql.tada. `execute` for one
// answer (queries, mutations); `stream` over SSE for subscriptions and for queries with @defer (the parts merged
// into one growing result, as the page renders it).
import type { TadaPersistedDocumentNode } from 'gql.tada';

/** The gateway answered with errors (or not with GraphQL at all): its messages and codes, e.g. PERSISTED_QUERY_ONLY. */
export class GatewayRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly codes: string[],
  ) {
    super(message);
  }
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

/** One payload: a whole result, or (incremental delivery) parts to add at a path. */
interface Payload {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
  incremental?: Array<{ data?: Record<string, unknown>; items?: unknown[]; path: Array<string | number>; errors?: GraphQLError[] }>;
  hasNext?: boolean;
}

export class GatewayClient {
  constructor(
    private readonly url: string,
    /** An API token of the gateway; none for the sandbox (loopback, anonymous admin). */
    private readonly token?: string,
  ) {}

  /** One operation, one answer: its data, or a GatewayRequestError. */
  async execute<Result, Variables>(document: TadaPersistedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
    const response = await this.send(document, variables, 'application/graphql-response+json, application/json');
    const payload = (await response.json()) as Payload;
    return resultOf<Result>(payload, response.status);
  }

  /** A subscription's events, or a deferred query's result after each part arrived. Stops with `signal`. */
  async *stream<Result, Variables>(
    document: TadaPersistedDocumentNode<Result, Variables>,
    variables: Variables,
    signal?: AbortSignal,
  ): AsyncGenerator<Result> {
    const response = await this.send(document, variables, 'text/event-stream', signal);
    if (!response.ok || !response.headers.get('content-type')?.includes('text/event-stream')) {
      resultOf(JSON.parse(await response.text()) as Payload, response.status);
    }
    let merged: Record<string, unknown> | null = null;
    for await (const payload of events(response.body!, signal)) {
      if (payload.incremental) {
        if (!merged) throw new GatewayRequestError('an incremental part arrived before the result it adds to', response.status, []);
        for (const part of payload.incremental) {
          if (part.errors?.length) throw errorOf(part.errors, response.status);
          mergeAt(merged, part.path, part);
        }
        yield merged as Result;
      } else {
        merged = resultOf<Record<string, unknown>>(payload, response.status);
        yield merged as Result;
      }
    }
  }

  private async send<Result, Variables>(
    document: TadaPersistedDocumentNode<Result, Variables>,
    variables: Variables,
    accept: string,
    signal?: AbortSignal,
  ): Promise<Response> {
    // The manifest's ids are "sha256:<hex>"; APQ carries the bare hex.
    const sha256Hash = document.documentId.replace(/^sha256:/, '');
    return fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      signal,
    });
  }
}

function errorOf(errors: GraphQLError[], status: number): GatewayRequestError {
  return new GatewayRequestError(
    errors.map((error) => error.message).join('; '),
    status,
    errors.flatMap((error) => (error.extensions?.code ? [error.extensions.code] : [])),
  );
}

function resultOf<Result>(payload: Payload, status: number): Result {
  if (payload.errors?.length || !payload.data) throw errorOf(payload.errors ?? [{ message: `HTTP ${status} without data` }], status);
  return payload.data as Result;
}

/** Adds a deferred fragment's fields (data) or streamed list items (items) at `path` of the result. */
function mergeAt(
  result: Record<string, unknown>,
  path: Array<string | number>,
  part: { data?: Record<string, unknown>; items?: unknown[] },
): void {
  let target: unknown = result;
  for (const key of path) target = (target as Record<string | number, unknown>)[key];
  if (part.items) (target as unknown[]).push(...part.items);
  if (part.data) deepAssign(target as Record<string, unknown>, part.data);
}

function deepAssign(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isPlainObject(existing) && isPlainObject(value)) deepAssign(existing, value);
    else target[key] = value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The `next` events of a text/event-stream body, parsed; ends at `complete`. */
async function* events(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<Payload> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  signal?.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  try {
    for (;;) {
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (event === 'complete') return;
        if (event === 'next' && data.length) yield JSON.parse(data.join('\n')) as Payload;
      }
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
}
