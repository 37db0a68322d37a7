// Two cPanel emulators (connections "whm" and "whm2") behind one gateway that requires API tokens, with a
// token of every role, and tokens limited to one connection.
import type { Role } from '../../src/core/access.js';
import type { Store } from '../../src/store/open.js';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { startWhm } from '../cpanel/support.js';
import { globalId } from '../support/global-id.js';
import { apiToken, type GraphQLResult, type Harness, startHarness, TEST_READ_BUDGET_MS } from '../support/harness.js';
import type { GatewayOptions } from '../../src/http/server.js';
import { serve, type ServedGateway } from '../support/serve.js';
import { standIn, suiteValue } from '../support/suite-value.js';
import type { StoreKind, TestStoreOptions } from '../support/stores.js';

export const WHM_TOKEN = 'WHMTOKEN-security-7a1c';

export const cpanelId = (connectionId: string, key: string) => globalId('CpanelIdentityProvider', connectionId, key);

/** Every token the security tests use, by name. */
export const TOKEN_SPECS = {
  admin: { role: 'admin' },
  operator: { role: 'operator' },
  viewer: { role: 'viewer' },
  'whm-operator': { role: 'operator', connections: ['whm'] },
  'whm2-admin': { role: 'admin', connections: ['whm2'] },
} satisfies Record<string, { role: Role; connections?: string[] }>;

export type TokenName = keyof typeof TOKEN_SPECS;

export interface SecurityGateway {
  h: Harness;
  whm: CpanelEmulator;
  whm2: CpanelEmulator;
  /** The secret of each token. */
  tokens: Record<TokenName, string>;
  /** A GraphQL request as one token. */
  as(name: TokenName): <T = any>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

export async function startSecurityGateway(
  store: Store,
  gateway: Pick<GatewayOptions, 'production' | 'graphiql' | 'introspection' | 'graphiqlBanner'> = {},
): Promise<SecurityGateway> {
  const [whm, whm2] = await Promise.all([startWhm(WHM_TOKEN), startWhm(WHM_TOKEN)]);
  const made = Object.fromEntries(
    Object.entries(TOKEN_SPECS).map(([name, spec]) => [
      name,
      apiToken(name, spec.role, 'connections' in spec ? spec.connections : undefined),
    ]),
  ) as Record<TokenName, ReturnType<typeof apiToken>>;
  const h = await startHarness({
    store,
    // The fixtures' read budget (harness.ts): with the default 2 s, a first read of the emulators on a loaded
    // machine answered a provider lookup with nothing (a TIMEOUT) once, while the page in the same request had them.
    connections: [
      {
        id: 'whm',
        vendor: 'cpanel',
        baseUrl: whm.url,
        username: 'root',
        apiToken: { env: 'WHM_TOKEN' },
        readBudgetMs: TEST_READ_BUDGET_MS,
      },
      {
        id: 'whm2',
        vendor: 'cpanel',
        baseUrl: whm2.url,
        username: 'root',
        apiToken: { env: 'WHM_TOKEN' },
        readBudgetMs: TEST_READ_BUDGET_MS,
      },
    ],
    env: { WHM_TOKEN },
    tokens: Object.values(made).map((t) => t.config),
    gateway,
  });
  const tokens = Object.fromEntries(Object.entries(made).map(([name, t]) => [name, t.token])) as Record<TokenName, string>;
  return {
    h,
    whm,
    whm2,
    tokens,
    as: (name) => (query, variables) => h.gql(query, variables, { token: tokens[name] }),
    async close() {
      await h.close();
      await Promise.all([whm.close(), whm2.close()]);
    },
  };
}

export interface ServedSecurityGateway {
  store: Store;
  g: SecurityGateway;
  /** The gateway on a real loopback HTTP port. */
  server: ServedGateway;
}

/**
 * A store of `kind`, a security gateway on it and that gateway on a real HTTP port, for one describe block (set
 * up before its tests, closed after). Each part is a stand-in, so the result can be destructured at once.
 */
export function servedSecurityGateway(kind: StoreKind, storeOptions: TestStoreOptions = {}): ServedSecurityGateway {
  const served = suiteValue(
    async () => {
      const store = await kind.open(storeOptions);
      const g = await startSecurityGateway(store);
      return { store, g, server: await serve(g.h) };
    },
    async ({ store, g, server }) => {
      await server.close();
      await g.close();
      await store.close();
    },
  );
  return { store: standIn(() => served.store), g: standIn(() => served.g), server: standIn(() => served.server) };
}

export const DISPLAY = `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename
  ... on Error { message }
  ... on ForbiddenError { requiredRole }
  ... on SetCpanelDisplayConfigurationPayload { dryRun auditEvent { id status actor connectionId } provider { ... on ManagedIdentityProvider { connectionId key } } } } }`;

export const REVERT = `mutation($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { __typename
  ... on Error { message } ... on ForbiddenError { requiredRole }
  ... on RevertAuditEventPayload { dryRun revertOf auditEvent { id status actor } } } }`;

export const BATCH = `mutation($input: ApplyIdentityProviderChangesInput!) { applyIdentityProviderChanges(input: $input) { __typename
  ... on Error { message } ... on ForbiddenError { requiredRole }
  ... on ApplyIdentityProviderChangesPayload { succeeded results { status error { code message } } } } }`;

export const AUDIT = `query($actor: String, $connectionId: String) { auditEvents(first: 200, actor: $actor, connectionId: $connectionId) {
  edges { node { id actor connectionId operation status } } } }`;
