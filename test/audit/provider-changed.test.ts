// providerChanged over SSE (real HTTP to yoga, real emulators, real stores): which finished changes reach a
// subscriber and how fast, what a token limited to some connections receives, changes a refresh finds at the
// vendor, creates and deletes, and changes made through another instance on the same PostgreSQL.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { apiToken } from '../support/harness.js';
import { cpanelPairGateway } from '../support/cpanel-pair-gateway.js';
import { serve, servedForSuite } from '../support/serve.js';
import { SseReader } from '../support/sse.js';
import { openPostgresPair, STORE_KINDS, TEST_DATABASE_URL } from '../support/stores.js';
import { standIn, suiteValue } from '../support/suite-value.js';
import { vendorGateway, vendorGatewayPair } from '../support/vendor-gateway.js';
import { waitFor, withTimeout } from '../support/wait.js';
import { globalId } from '../support/global-id.js';

const cpanelId = (connectionId: string, key: string) => globalId('CpanelIdentityProvider', connectionId, key);

const DISPLAY = `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename
  ... on Error { message }
  ... on SetCpanelDisplayConfigurationPayload { dryRun auditEvent { id status } provider { ... on ManagedIdentityProvider { version } } } } }`;

const CHANGE = `kind connectionId key version
  provider { __typename ... on ManagedIdentityProvider { connectionId key version }
    ... on CpanelIdentityProvider { display { service color } } ... on SlashIdOidcCredential { label } }
  auditEvent { id kind status actor operation }`;

/** A color no earlier test has set. */
let colors = 0x100000;
const nextColor = () => (colors++).toString(16);

/** When `h`'s feed publishes the next finished SUCCEEDED row (performance.now()): the change is made, its delivery starts. */
function finishedOn(h: Pick<Harness, 'services'>): Promise<number> {
  return new Promise((resolve) => {
    const stop = h.services.auditFeed.watch((row) => {
      if (row.status !== 'SUCCEEDED') return;
      stop();
      resolve(performance.now());
    });
  });
}

interface Subscription {
  /** The next event's ProviderChange; fails on an error or after `ms`. */
  next(ms?: number): Promise<any>;
  close(): Promise<void>;
}

const open: Subscription[] = [];
afterEach(async () => {
  for (const sub of open.splice(0)) await sub.close();
});

/** POSTs `query` with "Accept: text/event-stream" (as `token`, if given); the raw answer and its SSE reader. */
async function request(url: string, query: string, token?: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  return { res, controller, sse: new SseReader(res.body!.getReader()) };
}

/** Subscribes to providerChanged on `h` served at `url` and waits until the gateway has subscribed it to the feed. */
async function subscribe(
  h: Pick<Harness, 'services'>,
  url: string,
  options: { args?: string; token?: string } = {},
): Promise<Subscription> {
  const feed = h.services.auditFeed;
  const before = feed.subscriberCount;
  const { res, controller, sse } = await request(
    url,
    `subscription { providerChanged${options.args ? `(${options.args})` : ''} { ${CHANGE} } }`,
    options.token,
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  await waitFor(() => feed.subscriberCount > before, 5_000, 'the subscription to reach the feed');
  let closed = false;
  const subscription: Subscription = {
    async next(ms = 5_000) {
      const message = await withTimeout(sse.next(), ms, 'a providerChanged event');
      expect(message?.event).toBe('next');
      expect(message?.data.errors).toBeUndefined();
      return message!.data.data.providerChanged;
    },
    async close() {
      if (closed) return;
      closed = true;
      const count = feed.subscriberCount;
      controller.abort();
      await waitFor(() => feed.subscriberCount < count, 5_000, 'the subscription to be released');
    },
  };
  open.push(subscription);
  return subscription;
}

const TOKENS = {
  admin: apiToken('admin', 'admin'),
  viewer: apiToken('viewer', 'viewer'),
  'whm-operator': apiToken('whm-operator', 'operator', ['whm']),
};
type TokenName = keyof typeof TOKENS;

/** Two cPanel emulators ("whm", "whm2") behind one gateway with tokens, on a real HTTP port; refreshes not floored. */
function tokenGateway(kind: (typeof STORE_KINDS)[number]) {
  const made = cpanelPairGateway({
    kind,
    ids: ['whm', 'whm2'],
    secret: 'WHMTOKEN-live-3e9a',
    tokens: Object.values(TOKENS).map((t) => t.config),
    connection: { minRefreshIntervalSeconds: 0 },
  });
  const as =
    (name: TokenName) =>
    <T = any>(query: string, variables?: Record<string, unknown>) =>
      made.h.gql<T>(query, variables, { token: TOKENS[name].token });
  return {
    h: standIn(() => made.h),
    whm: standIn(() => made.emulators.whm!),
    url: () => made.server.url,
    as,
    /** Sets `key`'s CPANELD color on `connectionId` as `name`; the mutation's payload. */
    async setColor(name: TokenName, connectionId: string, key: string, extra: Record<string, unknown> = {}) {
      const res = await as(name)(DISPLAY, { input: { id: cpanelId(connectionId, key), service: 'CPANELD', color: nextColor(), ...extra } });
      expect(res.errors).toBeUndefined();
      return res.data.setCpanelDisplayConfiguration;
    },
  };
}

describe.each(STORE_KINDS)('providerChanged over SSE on $name', (kind) => {
  const g = tokenGateway(kind);
  const sub = (token: TokenName, args?: string) => subscribe(g.h, g.url(), { token: TOKENS[token].token, args });

  it('brings a mutation to a viewer within 1 s, as UPDATED with the provider as read back', async () => {
    const viewer = await sub('viewer');
    const admin = await sub('admin', 'connectionId: "whm"');
    const finished = finishedOn(g.h);
    const arrival = viewer.next(10_000).then((change) => ({ change, at: performance.now() }));
    const done = await g.setColor('admin', 'whm', 'google');
    expect(done.__typename).toBe('SetCpanelDisplayConfigurationPayload');
    const { change: seen, at } = await arrival;
    // From the change's end (its final audit row written) to the event read by the client.
    expect(at - (await finished)).toBeLessThan(1_000);
    const color = g.whm.module('google')!.displayOverrides.cpaneld.color;
    expect(seen).toMatchObject({
      kind: 'UPDATED',
      connectionId: 'whm',
      key: 'google',
      version: done.provider.version,
      provider: { __typename: 'CpanelIdentityProvider', connectionId: 'whm', key: 'google', version: done.provider.version },
      // The admin's change: a viewer reads only its own audit events.
      auditEvent: null,
    });
    expect(seen.provider.display.find((d: any) => d.service === 'CPANELD').color).toBe(color);
    expect(await admin.next()).toMatchObject({
      kind: 'UPDATED',
      version: done.provider.version,
      auditEvent: {
        id: done.auditEvent.id,
        kind: 'MUTATION',
        status: 'SUCCEEDED',
        actor: 'admin',
        operation: 'setCpanelDisplayConfiguration',
      },
    });
  });

  it('sends nothing for a dry run, a refused input or a failed write (nor their PENDING rows), then the next real change', async () => {
    const viewer = await sub('viewer');
    const rows: string[] = [];
    const stop = g.h.services.auditFeed.watch((row) => rows.push(`${row.providerKey}:${row.status}`));
    try {
      expect(await g.setColor('admin', 'whm', 'slack', { dryRun: true })).toMatchObject({ dryRun: true });
      const refused = await g.as('admin')(DISPLAY, { input: { id: cpanelId('whm', 'slack'), service: 'CPANELD', color: 'not-a-color' } });
      expect(refused.data.setCpanelDisplayConfiguration.__typename).toBe('ValidationError');
      g.whm.failNext('set_provider_display_configurations', 'The provider module is locked.');
      expect((await g.setColor('admin', 'whm', 'slack')).__typename).toBe('VendorError');
      // Each attempt was on the feed, the failed write PENDING first.
      expect(rows).toEqual(['slack:DRY_RUN', 'slack:DRY_RUN', 'slack:REJECTED', 'slack:REJECTED', 'slack:PENDING', 'slack:FAILED']);
    } finally {
      stop();
    }
    const done = await g.setColor('admin', 'whm', 'facebook');
    // The subscriber's first event is the change that landed.
    expect(await viewer.next()).toMatchObject({ kind: 'UPDATED', key: 'facebook', version: done.provider.version });
  });

  it("gives a token limited to some connections only theirs, and another's changes without their audit events", async () => {
    const limited = await sub('whm-operator');
    const onlyWhm2 = await sub('viewer', 'connectionId: "whm2"');
    await g.setColor('admin', 'whm2', 'google');
    const others = await g.setColor('admin', 'whm', 'slack');
    const own = await g.setColor('whm-operator', 'whm', 'slack');
    expect(await limited.next()).toMatchObject({ connectionId: 'whm', key: 'slack', version: others.provider.version, auditEvent: null });
    expect(await limited.next()).toMatchObject({
      connectionId: 'whm',
      key: 'slack',
      version: own.provider.version,
      auditEvent: { id: own.auditEvent.id, actor: 'whm-operator' },
    });
    expect(await onlyWhm2.next()).toMatchObject({ connectionId: 'whm2', key: 'google' });
    await g.setColor('admin', 'whm2', 'facebook');
    expect(await onlyWhm2.next()).toMatchObject({ connectionId: 'whm2', key: 'facebook' });
  });

  it('answers a subscription naming a connection outside the token exactly as one naming no configured connection', async () => {
    const answer = async (connectionId: string) => {
      const { res, controller, sse } = await request(
        g.url(),
        `subscription { providerChanged(connectionId: "${connectionId}") { key } }`,
        TOKENS['whm-operator'].token,
      );
      const message = await withTimeout(sse.next(), 5_000, 'the answer');
      controller.abort();
      return { status: res.status, message };
    };
    const other = await answer('whm2');
    const missing = await answer('nowhere');
    expect(other.message?.data.errors).toEqual([
      expect.objectContaining({ message: 'No connection "whm2" is configured.', extensions: { code: 'NOT_FOUND' } }),
    ]);
    expect(JSON.stringify(missing).replaceAll('nowhere', 'whm2')).toBe(JSON.stringify(other));
    expect(g.h.services.auditFeed.subscriberCount).toBe(0);
  });

  it('sends each provider a refresh finds changed at the vendor, with its DRIFT_DETECTED row for an admin only', async () => {
    await g.as('admin')('{ identityProviders(refresh: true, connectionId: "whm") { totalCount } }'); // the baseline
    const admin = await sub('admin');
    const viewer = await sub('viewer');
    // Behind the gateway's back.
    g.whm.module('cpanelid')!.displayOverrides.cpaneld = { ...g.whm.module('cpanelid')!.displayOverrides.cpaneld, color: 'abcdef' };
    const read = await g.as('viewer')(
      `{ identityProviders(refresh: true, connectionId: "whm") { edges { node { ... on ManagedIdentityProvider { key version } } } } }`,
    );
    const version = read.data.identityProviders.edges.find((e: any) => e.node.key === 'cpanelid').node.version;
    const seen = await admin.next();
    expect(seen).toMatchObject({
      kind: 'UPDATED',
      connectionId: 'whm',
      key: 'cpanelid',
      version,
      provider: { key: 'cpanelid', version },
      auditEvent: { kind: 'DRIFT_DETECTED', status: 'SUCCEEDED', actor: 'drift-detector', operation: 'driftDetected' },
    });
    expect(seen.provider.display.find((d: any) => d.service === 'CPANELD').color).toBe('abcdef');
    expect(await viewer.next()).toMatchObject({ key: 'cpanelid', version, auditEvent: null });
    // A refresh that finds nothing new sends nothing: the next event is the next change.
    await g.as('admin')('{ identityProviders(refresh: true, connectionId: "whm") { totalCount } }');
    await g.setColor('admin', 'whm', 'google');
    expect(await viewer.next()).toMatchObject({ key: 'google' });
  });
});

describe.each(STORE_KINDS)('providerChanged for creates and deletes on $name', (kind) => {
  const h = vendorGateway('slashid', { kind });
  const server = servedForSuite(h);
  const PAYLOAD = 'auditEvent { id } provider { ... on ManagedIdentityProvider { key version } }';

  it('sends CREATED with the new provider and DELETED without one', async () => {
    const live = await subscribe(h, server.url, { args: `connectionId: "${h.connectionId}"` });
    const create = await h.gql(
      `mutation($input: CreateSlashIdOidcCredentialInput!) { createSlashIdOidcCredential(input: $input) {
          __typename ... on CreateSlashIdOidcCredentialPayload { ${PAYLOAD} } ... on Error { message } } }`,
      {
        input: { connectionId: h.connectionId, clientId: 'live-okta-1', clientSecret: 'LIVE-SECRET-4b1d', provider: 'OKTA', label: 'Live' },
      },
    );
    expect(create.errors).toBeUndefined();
    const created = create.data.createSlashIdOidcCredential;
    expect(created).toMatchObject({ __typename: 'CreateSlashIdOidcCredentialPayload', provider: { key: 'live-okta-1' } });
    expect(await live.next()).toMatchObject({
      kind: 'CREATED',
      key: 'live-okta-1',
      version: created.provider.version,
      provider: { __typename: 'SlashIdOidcCredential', key: 'live-okta-1', label: 'Live' },
      auditEvent: { id: created.auditEvent.id, operation: 'createSlashIdOidcCredential' },
    });
    const remove = await h.gql(
      `mutation($input: DeleteSlashIdOidcCredentialInput!) { deleteSlashIdOidcCredential(input: $input) {
          __typename ... on DeleteSlashIdOidcCredentialPayload { ${PAYLOAD} } ... on Error { message } } }`,
      { input: { id: h.globalId('live-okta-1') } },
    );
    expect(remove.errors).toBeUndefined();
    const deleted = remove.data.deleteSlashIdOidcCredential;
    expect(deleted.__typename).toBe('DeleteSlashIdOidcCredentialPayload');
    expect(await live.next()).toMatchObject({
      kind: 'DELETED',
      connectionId: h.connectionId,
      key: 'live-okta-1',
      provider: null,
      version: null,
      auditEvent: { id: deleted.auditEvent.id, operation: 'deleteSlashIdOidcCredential' },
    });
  });
});

describe.skipIf(!TEST_DATABASE_URL)('providerChanged across two instances on one PostgreSQL (set TEST_DATABASE_URL to run)', () => {
  const {
    first: a,
    second: b,
    emulator,
  } = vendorGatewayPair('cpanel', () => openPostgresPair(TEST_DATABASE_URL!), {
    actor: 'robot',
    connection: { minRefreshIntervalSeconds: 0 },
  });
  const server = suiteValue(
    () => serve(b),
    (served) => served.close(),
  );

  beforeAll(async () => {
    expect(await Promise.all([a.services.clusterReady, b.services.clusterReady])).toEqual([null, null]);
    await a.gql('{ identityProviders(refresh: true) { totalCount } }');
  });

  it('brings a mutation through one instance to a subscriber of the other within 1 s', async () => {
    const live = await subscribe(b, server.url, { args: 'connectionId: "whm"' });
    const finished = finishedOn(a);
    const arrival = live.next(10_000).then((change) => ({ change, at: performance.now() }));
    const done = (await a.gql(DISPLAY, { input: { id: cpanelId('whm', 'google'), service: 'CPANELD', color: nextColor() } })).data
      .setCpanelDisplayConfiguration;
    expect(done.__typename).toBe('SetCpanelDisplayConfigurationPayload');
    const { change, at } = await arrival;
    expect(change).toMatchObject({
      kind: 'UPDATED',
      key: 'google',
      version: done.provider.version,
      auditEvent: { id: done.auditEvent.id, status: 'SUCCEEDED', actor: 'robot' },
    });
    // From the change's end on instance A to the event read by a client of instance B (over NOTIFY).
    expect(at - (await finished)).toBeLessThan(1_000);
  });

  it("brings a drift one instance's refresh finds to a subscriber of the other", async () => {
    const live = await subscribe(b, server.url);
    emulator.module('slack')!.displayOverrides.cpaneld = { ...emulator.module('slack')!.displayOverrides.cpaneld, color: '0badc0' };
    await a.gql('{ identityProviders(refresh: true) { totalCount } }');
    const seen = await live.next();
    expect(seen).toMatchObject({ kind: 'UPDATED', key: 'slack', auditEvent: { kind: 'DRIFT_DETECTED' } });
    expect(seen.provider.display.find((d: any) => d.service === 'CPANELD').color).toBe('0badc0');
  });
});
