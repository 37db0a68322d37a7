// The estate commands' one way to the gateway: a GraphQL POST to its URL with the API token from the environment.
// Transport failures and GraphQL `errors` become a CliFailure with a plain message; the token is never printed.
import { CliFailure } from './failure.js';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

/** The header the gateway's CSRF prevention asks of non-JSON requests; sent on every request so a proxy that rewrites the content type cannot break it. */
const CSRF_HEADER = 'x-graphql-csrf';

export interface GatewayEndpoint {
  url: string;
  /** From IDP_GATEWAY_TOKEN; none: no Authorization header (the sandbox's anonymous admin on loopback). */
  token: string | undefined;
}

/** `--url`, else IDP_GATEWAY_URL, else the default; the token from IDP_GATEWAY_TOKEN. */
export function gatewayEndpoint(urlOption: string | undefined, env: NodeJS.ProcessEnv = process.env): GatewayEndpoint {
  const url = urlOption || env.IDP_GATEWAY_URL || DEFAULT_GATEWAY_URL;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new CliFailure([`the gateway URL "${url}" is not an http:// or https:// URL (--url or IDP_GATEWAY_URL)`]);
  }
  return { url, token: env.IDP_GATEWAY_TOKEN || undefined };
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: unknown } }>;
}

/**
 * One GraphQL operation; its `data`, or a CliFailure naming what went wrong. `secretValues` (what the variables
 * carry) are cut out of any error message the gateway sends back, should one quote a variable.
 */
export async function requestGateway<T>(
  endpoint: GatewayEndpoint,
  query: string,
  variables: Record<string, unknown>,
  secretValues: readonly string[] = [],
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        [CSRF_HEADER]: '1',
        ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new CliFailure([`cannot reach the gateway at ${endpoint.url}: ${causeOf(error)}`]);
  }
  const text = await response.text();
  let body: GraphQLResponse<T>;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new CliFailure([
      `the gateway at ${endpoint.url} answered HTTP ${response.status} without a GraphQL response (is the URL its /graphql?)`,
    ]);
  }
  if (body.errors?.length) {
    const hint =
      response.status === 401
        ? ' (set IDP_GATEWAY_TOKEN to an API token of this gateway)'
        : response.status === 403
          ? ' (the token may not do this)'
          : '';
    throw new CliFailure(
      body.errors.map((error) => `the gateway refused the request${codeOf(error)}: ${redacted(error.message, secretValues)}${hint}`),
    );
  }
  if (!response.ok || !body.data) throw new CliFailure([`the gateway at ${endpoint.url} answered HTTP ${response.status} without data`]);
  return body.data;
}

function redacted(text: string, secretValues: readonly string[]): string {
  return secretValues.reduce((result, value) => (value ? result.split(value).join('[REDACTED]') : result), text);
}

function codeOf(error: { extensions?: { code?: unknown } }): string {
  return typeof error.extensions?.code === 'string' ? ` (${error.extensions.code})` : '';
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, ...). */
function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}
