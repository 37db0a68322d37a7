// The example's client is the one the gateway's console ships (console/graphql-client.ts): persisted documents sent
// by id (APQ form), `execute` for one answer, `stream` over SSE for subscriptions and @defer.
export * from '../../console/graphql-client.js';
