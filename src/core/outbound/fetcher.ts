// What the gateway fetches from the internet on a user's behalf (SAML metadata, OIDC discovery documents and
// JWKS, endpoint checks) goes through one guarded fetcher (guarded-fetch.ts): https only, a size cap, a
// timeout, few redirects, and no private, loopback, link-local or metadata addresses (SSRF). This file is its
// contract, so the code that uses it (core/setup/) and its tests do not depend on how it fetches.

/** Why a fetch was refused or failed; `message` is written for the person who gave the URL. */
export type OutboundFetchErrorCode =
  /** Not https:, or not a valid absolute URL. */
  | 'SCHEME'
  /** The host resolves (or is) an address in a refused range, and is not an allowed host. */
  | 'ADDRESS'
  /** The body is larger than the cap (nothing beyond the cap is read). */
  | 'TOO_LARGE'
  /** No complete answer within the timeout (connect, headers or body). */
  | 'TIMEOUT'
  /** More redirects than allowed, or a redirect without a usable Location. */
  | 'REDIRECTS'
  /** The server answered with a status that is not 2xx. */
  | 'HTTP_STATUS'
  /** The TLS handshake failed (untrusted, expired or mismatched certificate). */
  | 'TLS'
  /** DNS found nothing, the connection was refused or reset. */
  | 'NETWORK';

/** What a failure may tell besides its message: the answer's status and the server's certificate (HTTP_STATUS). */
export interface OutboundFetchErrorDetails {
  /** The status of an answer that was not 2xx (HTTP_STATUS): an endpoint check counts a 405 as reachable. */
  status?: number;
  /** The server's TLS certificate's validity end (its leaf), when the connection got that far. */
  certificateValidTo?: Date;
}

export class OutboundFetchError extends Error {
  readonly status?: number;
  readonly certificateValidTo?: Date;

  constructor(
    readonly code: OutboundFetchErrorCode,
    message: string,
    /** The URL the failure happened at (after redirects), without query or fragment. */
    readonly url: string,
    details: OutboundFetchErrorDetails = {},
  ) {
    super(message);
    this.name = 'OutboundFetchError';
    if (details.status !== undefined) this.status = details.status;
    if (details.certificateValidTo) this.certificateValidTo = details.certificateValidTo;
  }
}

export interface FetchOptions {
  /** Sent as Accept. */
  accept?: string;
  /** A smaller cap than the fetcher's (bytes). */
  maxBytes?: number;
  /** HEAD, or GET (default). A HEAD's body is empty. */
  method?: 'GET' | 'HEAD';
}

/** A document fetched in full (status 2xx). */
export interface FetchedDocument {
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  body: string;
  /** The server's TLS certificate's validity end (its leaf), when the connection told it. */
  certificateValidTo?: Date;
}

export interface OutboundFetcher {
  /** Fetches `url` under the guards; rejects with an OutboundFetchError only. */
  fetch(url: string, options?: FetchOptions): Promise<FetchedDocument>;
}
