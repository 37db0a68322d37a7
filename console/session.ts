// Who the console talks to the gateway as: an API token pasted once (kept in sessionStorage: gone with the tab,
// sent as a bearer token), or none in the sandbox (the anonymous admin on loopback).
import { GatewayClient } from './graphql-client.js';

const TOKEN_KEY = 'idp-gateway-console-token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The GraphQL endpoint the page names (data-endpoint of #app). */
export function endpoint(): string {
  return document.getElementById('app')?.dataset.endpoint || '/graphql';
}

export function clientFor(token: string | null): GatewayClient {
  return new GatewayClient(endpoint(), token ?? undefined);
}

/** The gateway needs a token for every request (the page says so): ask for one before sending anything. */
export function tokenRequired(): boolean {
  return document.getElementById('app')?.dataset.tokenRequired === 'true';
}
