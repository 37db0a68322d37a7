// Who is calling: a request's API token (401 without a valid one), or the anonymous admin of a gateway without
// tokens, which also answers only requests addressed to a loopback host.
import type { Plugin } from 'graphql-yoga';
import { type ApiTokenConfig, anonymousAdmin, type Authentication, TokenAuthenticator } from '../core/access.js';
import { isLoopbackHost } from '../core/inputs/loopback.js';

/** Turns a request into its caller, or says why it has none (then it is answered 401). */
export interface RequestAuthenticator {
  authenticate(request: Request): Authentication;
  /** True for a gateway without tokens: every request is the anonymous admin. */
  readonly anonymous: boolean;
}

export function requestAuthenticator(tokens: ApiTokenConfig[] | null, anonymousActor: string): RequestAuthenticator {
  if (tokens === null) {
    const result: Authentication = { ok: true, principal: anonymousAdmin(anonymousActor) };
    return { anonymous: true, authenticate: () => result };
  }
  const authenticator = new TokenAuthenticator(tokens);
  // The authentication plugin and the context both ask, for every request: the token is hashed once.
  const known = new WeakMap<Request, Authentication>();
  return {
    anonymous: false,
    authenticate: (request) => {
      let result = known.get(request);
      if (!result) {
        result = authenticator.authenticate(request.headers.get('authorization'));
        known.set(request, result);
      }
      return result;
    },
  };
}

const UNAUTHENTICATED_MESSAGES = {
  missing: 'Authentication required: send "Authorization: Bearer <token>" with an API token of this gateway.',
  malformed: 'The Authorization header must be "Bearer <token>".',
  invalid: 'The API token is not valid.',
} as const;

/**
 * Answers 401 (a GraphQL-over-HTTP JSON error body) to any request without a valid token, before anything
 * else reads it. GraphiQL's page and yoga's /health are answered by yoga before this plugin runs: the page
 * holds no data, and its queries need a token like any other request.
 */
export function authenticationPlugin(authenticator: RequestAuthenticator): Plugin {
  if (authenticator.anonymous) return {};
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const result = authenticator.authenticate(request);
      if (result.ok) return;
      const challenge = result.reason === 'missing' ? 'Bearer realm="idp-gateway"' : 'Bearer realm="idp-gateway", error="invalid_token"';
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({ errors: [{ message: UNAUTHENTICATED_MESSAGES[result.reason], extensions: { code: 'UNAUTHENTICATED' } }] }),
          {
            status: 401,
            headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': challenge, 'cache-control': 'no-store' },
          },
        ),
      );
    },
  };
}

/**
 * In anonymous (sandbox) mode, only requests addressed to a loopback host name are answered: a web page
 * elsewhere cannot reach the anonymous admin through DNS rebinding (its requests carry its own host name).
 */
export function loopbackHostOnlyPlugin(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const host = request.headers.get('host') ?? new URL(request.url).host;
      const name = host.replace(/:\d+$/, '');
      if (isLoopbackHost(name)) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              { message: `The sandbox answers only requests to a loopback address, not to "${name}".`, extensions: { code: 'FORBIDDEN' } },
            ],
          }),
          { status: 403, headers: { 'content-type': 'application/json; charset=utf-8' } },
        ),
      );
    },
  };
}
