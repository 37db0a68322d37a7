// A gateway process on the real PostgreSQL loses every database connection (pg_terminate_backend on each of
// its backends: pool, lock sessions, transaction sessions, LISTEN) while a mutation waits on a slow vendor,
// twenty times in a row; once while idle; once while an SSE subscription (and the cluster LISTEN) is open.
// The process lives, every answer is the truth (the payload of the change that landed, or an
// OutcomePendingError naming its audit event: never "Unexpected error."), and every audit row ends in the
// state the vendor is in.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { startWhm } from '../cpanel/support.js';
import { globalId } from '../support/global-id.js';
import type { GatewayProcess } from '../support/process.js';
import { processStore, type ProcessStore, TEST_DATABASE_URL } from '../support/stores.js';
import { ADMIN_TOKEN, gqlTo, startGatewayProcess, writeProcessConfig } from './support.js';

const WHM_TOKEN = 'WHMTOKEN-lost-database-2c4f';
const googleId = globalId('CpanelIdentityProvider', 'whm', 'google');

const DISPLAY = `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename
  ... on Error { message auditEvent { id status } }
  ... on OutcomePendingError { observedStatus }
  ... on SetCpanelDisplayConfigurationPayload { replayed auditEvent { id status } provider { ... on CpanelIdentityProvider { display { service color } } } } } }`;

const isDisplayWrite = (r: { path: string }) => r.path === '/json-api/set_provider_display_configurations';

describe.skipIf(!TEST_DATABASE_URL)('a gateway process on PostgreSQL whose database connections are all terminated', () => {
  let emulator: CpanelEmulator;
  let store: ProcessStore;
  let gateway: GatewayProcess;
  let url: string;
  let killer: postgres.Sql;
  let database: string;

  /** Terminates every backend of the gateway's database; returns how many there were. */
  const terminateAll = async () => {
    const killed =
      await killer`select pg_terminate_backend(pid) as done from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
    return killed.length;
  };
  const alive = () => gateway.child.exitCode === null && gateway.child.signalCode === null;

  beforeAll(async () => {
    emulator = await startWhm(WHM_TOKEN);
    const { configFile, dir } = writeProcessConfig([
      { id: 'whm', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'LOST_DB_WHM_TOKEN' } },
    ]);
    store = await processStore('postgres', dir);
    database = new URL(store.env.DATABASE_URL!).pathname.slice(1);
    killer = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    gateway = startGatewayProcess(configFile, store, { LOST_DB_WHM_TOKEN: WHM_TOKEN });
    url = await gateway.url;
  }, 60_000);
  afterAll(async () => {
    // A process that died says why here.
    if (gateway && !alive()) console.error(`gateway exited (${gateway.child.exitCode ?? gateway.child.signalCode}):\n${gateway.output()}`);
    gateway?.child.kill('SIGKILL');
    await gateway?.exited;
    await killer?.end({ timeout: 5 });
    await emulator?.close();
    await store?.drop();
  });

  it('lives and answers the truth, 20 times in a row, with a mutation waiting on a slow vendor', async () => {
    const colors: string[] = [];
    for (let round = 0; round < 20; round++) {
      const color = `c0${String(round).padStart(2, '0')}ee`;
      colors.push(color);
      // Held after WHM applied it (the answer is late) or before (it applies after the loss): both land.
      const held = emulator.hold(isDisplayWrite, round % 2 === 0 ? 'after' : 'before');
      const input = { id: googleId, service: 'CPANELD', color, ...(round % 3 === 0 ? { idempotencyKey: `lost-db-${round}` } : {}) };
      const answer = gqlTo(url, DISPLAY, { input });
      await held.arrived;
      expect(await terminateAll()).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      held.release();
      const result = await answer;
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      const payload = result.data.setCpanelDisplayConfiguration;
      if (payload.__typename === 'OutcomePendingError') {
        expect(payload).toMatchObject({ observedStatus: 'SUCCEEDED', auditEvent: { status: 'PENDING' } });
      } else {
        expect(payload).toMatchObject({ __typename: 'SetCpanelDisplayConfigurationPayload', auditEvent: { status: 'SUCCEEDED' } });
        expect(payload.provider.display.find((d: { service: string }) => d.service === 'CPANELD').color).toBe(color);
      }
      expect(emulator.module('google')!.displayOverrides.cpaneld.color).toBe(color);
      expect(alive()).toBe(true);
    }

    // Every row is finished once the database answers, as SUCCEEDED: what WHM holds (each color, in order).
    let rows: Array<{ status: string; input: { color: string } }> = [];
    for (let wait = 0; wait < 50; wait++) {
      const res = await gqlTo(
        url,
        `{ auditEvents(first: 50, operation: "setCpanelDisplayConfiguration") { edges { node { status input } } } }`,
      );
      rows = res.data.auditEvents.edges.map((e: any) => e.node).reverse();
      if (rows.every((row) => row.status !== 'PENDING')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(rows.map((row) => [row.input.color, row.status])).toEqual(colors.map((color) => [color, 'SUCCEEDED']));
    expect(gateway.output()).not.toMatch(/TypeError|uncaught|Unexpected error/i);
  }, 120_000);

  it('lives when terminated while idle, and serves the next query and change', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await terminateAll()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive()).toBe(true);
    const read = await gqlTo(url, '{ identityProviders(vendor: CPANEL) { totalCount } }');
    expect(read.errors).toBeUndefined();
    const change = await gqlTo(url, DISPLAY, { input: { id: googleId, service: 'CPANELD', color: 'abc123' } });
    expect(change.data.setCpanelDisplayConfiguration).toMatchObject({ auditEvent: { status: 'SUCCEEDED' } });
  }, 60_000);

  it('lives when terminated with an SSE subscription open, which goes on streaming', async () => {
    const controller = new AbortController();
    const stream = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query: 'subscription { auditEventAdded(operation: "setCpanelDisplayConfiguration") { status input } }' }),
      signal: controller.signal,
    });
    const reader = stream.body!.getReader();
    let text = '';
    const seen = (color: string) => text.includes(color) && /"status":"SUCCEEDED"/.test(text.slice(text.indexOf(color)));
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await terminateAll()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alive()).toBe(true);
    const change = await gqlTo(url, DISPLAY, { input: { id: googleId, service: 'CPANELD', color: 'fed321' } });
    expect(change.data.setCpanelDisplayConfiguration).toMatchObject({ auditEvent: { status: 'SUCCEEDED' } });
    for (let wait = 0; wait < 50 && !seen('fed321'); wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen('fed321')).toBe(true);
    controller.abort();
    await pump;
    expect(alive()).toBe(true);
  }, 60_000);
});
