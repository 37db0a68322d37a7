// The estate as code on the sandbox (all five vendors' emulators, real HTTP): export -> plan shows no change;
// an edited document plans exactly its edits, applies, and plans clean again; a secret rotates through a
// reference; a change made behind the gateway's back shows up as a change back; a saved plan whose target
// moved writes nothing; an apply stopped by a failure runs again to the end without duplicates.
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { listAuditEvents } from '../../src/store/audit.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';

const PLAN = `mutation($input: PlanEstateInput!) { planEstate(input: $input) { __typename
  ... on EstatePlan { id hasChanges summary { creates updates deletes unchanged unmanaged }
    items { connectionId vendor key documentPath action version operations warnings changes { path before after secret } vendorRequests { method path body } } }
  ... on EstateDocumentError { problems { path line column message } }
  ... on Error { message } } }`;

const APPLY = `mutation($input: ApplyEstatePlanInput!) { applyEstatePlan(input: $input) { __typename
  ... on EstateApplyReport { changeSetId succeeded items { connectionId key action status auditEvents { id status operation changeSetId } error { code message } } }
  ... on EstatePlanMovedError { message moved { connectionId key plannedVersion currentVersion } }
  ... on Error { message } } }`;

const EXPORT = '{ exportEstate { yaml json providerCount } }';

type Secrets = Array<{ reference: string; value: string }>;

describe('the estate on the sandbox', () => {
  const g = sandboxGateway({ connection: { minRefreshIntervalSeconds: 0 } });

  const connectionOf = (vendor: string) => g.sandbox.config.connections.find((c) => c.vendor === vendor)!.id;
  const exported = async () => {
    const res = await g.gql(EXPORT);
    expect(res.errors).toBeUndefined();
    return res.data.exportEstate as { yaml: string; json: any; providerCount: number };
  };
  const plan = async (document: string, secrets: Secrets = []) => {
    const res = await g.gql(PLAN, { input: { document, secrets } });
    expect(res.errors).toBeUndefined();
    return res.data.planEstate;
  };
  const apply = async (planId: string, secrets: Secrets = [], extra: Record<string, unknown> = {}) => {
    const res = await g.gql(APPLY, { input: { planId, secrets, ...extra } });
    expect(res.errors).toBeUndefined();
    return res.data.applyEstatePlan;
  };
  const changed = (p: any) => p.items.filter((item: any) => item.action !== 'NO_OP' && item.action !== 'UNMANAGED');

  /** The first provider of a vendor's connection in the exported document: its document path. */
  const firstProvider = (json: any, vendor: string): Array<string | number> => {
    const id = connectionOf(vendor);
    const providers = json.connections[id].providers;
    return Array.isArray(providers)
      ? ['connections', id, 'providers', 0]
      : ['connections', id, 'providers', Object.keys(providers).sort()[0]!];
  };

  /** The value at a document path of the exported JSON. */
  const valueIn = (json: any, path: Array<string | number>): any => path.reduce((at, part) => at[part], json);

  it('exports every vendor, and plans the export with no change', async () => {
    const { yaml, providerCount, json } = await exported();
    expect(Object.keys(json.connections).sort()).toEqual(g.sandbox.config.connections.map((c) => c.id).sort());
    expect(providerCount).toBeGreaterThanOrEqual(10);
    // Secrets only as references, never a value.
    expect(yaml).toMatch(/\{ env: IDP_[A-Z0-9_]+, optional: true \} # /);
    const result = await plan(yaml);
    expect(result.__typename).toBe('EstatePlan');
    expect(changed(result)).toEqual([]);
    expect(result).toMatchObject({
      hasChanges: false,
      summary: { creates: 0, updates: 0, deletes: 0, unchanged: providerCount, unmanaged: 0 },
    });
  });

  it('plans exactly the edits (five fields on three vendors and one new provider), applies them, and plans clean again', async () => {
    const { yaml, json } = await exported();
    const document = parseDocument(yaml);
    const twosms = firstProvider(json, 'twosms');
    const slashid = firstProvider(json, 'slashid');
    const huawei = firstProvider(json, 'huawei');
    document.setIn([...twosms, 'name'], 'Renamed by the estate');
    document.setIn([...twosms, 'loginUrl'], 'https://login.estate.example/sso');
    document.setIn([...slashid, 'label'], 'Estate label');
    document.setIn([...huawei, 'description'], 'Managed as code');
    document.setIn([...huawei, 'enabled'], false);
    const slashidId = connectionOf('slashid');
    document.setIn(['connections', slashidId, 'providers', 'estate-new-client'], {
      provider: 'GOOGLE',
      label: 'Created by the estate',
      clientSecret: { env: 'NEW_CLIENT_SECRET' },
    });
    const secrets = [{ reference: 'env:NEW_CLIENT_SECRET', value: 'estate-new-client-secret-1' }];
    const text = document.toString();

    const first = await plan(text, secrets);
    expect(first.__typename).toBe('EstatePlan');
    const items = changed(first);
    expect(items.map((item: any) => `${item.action} ${item.connectionId}`).sort()).toEqual(
      [`CREATE ${slashidId}`, `UPDATE ${connectionOf('huawei')}`, `UPDATE ${connectionOf('twosms')}`, `UPDATE ${slashidId}`].sort(),
    );
    for (const item of items) {
      expect(item.vendorRequests.length, item.documentPath).toBeGreaterThan(0);
      expect(item.operations.length, item.documentPath).toBeGreaterThan(0);
    }
    expect(JSON.stringify(first)).not.toContain('estate-new-client-secret-1');

    const report = await apply(first.id, secrets);
    expect(report).toMatchObject({ __typename: 'EstateApplyReport', succeeded: true });
    const applied = report.items.filter((item: any) => item.status === 'APPLIED');
    expect(applied).toHaveLength(4);
    for (const item of applied)
      for (const event of item.auditEvents) expect(event).toMatchObject({ status: 'SUCCEEDED', changeSetId: report.changeSetId });
    // Every audit event of the apply carries its change set; the filter finds them.
    const rows = await listAuditEvents(g.store.db, { changeSetId: report.changeSetId, limit: 100 });
    expect(rows).toHaveLength(applied.flatMap((item: any) => item.auditEvents).length);

    const again = await plan(text, secrets);
    expect(changed(again)).toEqual([]);
    expect(again.hasChanges).toBe(false);
  });

  it('rotates a secret through a reference: changed while the value differs, unchanged once applied', async () => {
    const { yaml, json } = await exported();
    const document = parseDocument(yaml);
    const slashid = firstProvider(json, 'slashid');
    document.setIn([...slashid, 'clientSecret'], { env: 'ROTATED' });
    const text = document.toString();
    const rotated = [{ reference: 'env:ROTATED', value: 'rotated-secret-value-1' }];
    const first = await plan(text, rotated);
    const [item] = changed(first);
    expect(item).toMatchObject({ action: 'UPDATE' });
    expect(item.changes).toContainEqual(expect.objectContaining({ secret: true, before: null, after: null }));
    expect((await apply(first.id, rotated)).succeeded).toBe(true);
    expect(changed(await plan(text, rotated))).toEqual([]);
    expect(changed(await plan(text, [{ reference: 'env:ROTATED', value: 'rotated-secret-value-2' }]))).toHaveLength(1);
    // The apply needs the planned value again: another value is refused before anything is sent.
    const next = await plan(text, [{ reference: 'env:ROTATED', value: 'rotated-secret-value-3' }]);
    const refused = await apply(next.id, [{ reference: 'env:ROTATED', value: 'something-else-entirely' }]);
    expect(refused).toMatchObject({ __typename: 'ValidationError' });
  });

  it('shows a change made behind its back (at the emulator) as a change back to the document', async () => {
    const { yaml, json } = await exported();
    const slashid = firstProvider(json, 'slashid');
    const key = String(slashid.at(-1));
    const connection = g.sandbox.config.connections.find((c) => c.vendor === 'slashid')! as unknown as {
      baseUrl: string;
      orgId: string;
      apiKey: string;
    };
    const res = await fetch(`${connection.baseUrl}/organizations/sso/oidc/provider-credentials/${encodeURIComponent(key)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'SlashID-OrgID': connection.orgId, 'SlashID-API-Key': connection.apiKey },
      body: JSON.stringify({ label: 'changed behind the gateway' }),
    });
    expect(res.status).toBeLessThan(300);
    const result = await plan(yaml);
    const [item] = changed(result);
    expect(item).toMatchObject({ action: 'UPDATE', key });
    expect(item.changes).toContainEqual(expect.objectContaining({ before: 'changed behind the gateway' }));
  });

  it('applies a saved plan only while its targets are where it found them: a moved target is named, nothing is written', async () => {
    const { yaml, json } = await exported();
    const document = parseDocument(yaml);
    const twosms = firstProvider(json, 'twosms');
    const huawei = firstProvider(json, 'huawei');
    document.setIn([...twosms, 'name'], 'Planned name');
    document.setIn([...huawei, 'description'], 'Planned description');
    const saved = await plan(document.toString());
    expect(changed(saved)).toHaveLength(2);
    // Someone else changes the 2sms provider in between.
    const moving = parseDocument(yaml);
    moving.setIn([...twosms, 'name'], 'Moved by someone else');
    const other = await plan(moving.toString());
    expect((await apply(other.id)).succeeded).toBe(true);

    const refused = await apply(saved.id);
    expect(refused.__typename).toBe('EstatePlanMovedError');
    expect(refused.moved).toEqual([expect.objectContaining({ connectionId: connectionOf('twosms') })]);
    expect(await listAuditEvents(g.store.db, { changeSetId: saved.id, limit: 10 })).toEqual([]);
  });

  it('runs a plan stopped by a vendor failure again to the end: no duplicate create, one audit event per change', async () => {
    const { yaml, json } = await exported();
    const document = parseDocument(yaml);
    const slashidId = connectionOf('slashid');
    const twosms = firstProvider(json, 'twosms');
    document.setIn(['connections', slashidId, 'providers', 'estate-resumed-client'], {
      provider: 'GITHUB',
      label: 'Resumed',
      clientSecret: { env: 'RESUMED_SECRET' },
    });
    document.setIn([...twosms, 'name'], 'Resumed rename');
    const secrets = [{ reference: 'env:RESUMED_SECRET', value: 'resumed-client-secret-1' }];
    const saved = await plan(document.toString(), secrets);
    expect(changed(saved)).toHaveLength(2);

    const twosmsEmulator = g.sandbox.emulators.find((e) => e.vendor === 'twosms')!;
    const [fault] = twosmsEmulator.faults.add({ kind: 'status', status: 400, method: 'PUT' });
    twosmsEmulator.faults.add({ kind: 'status', status: 400, method: 'PATCH', id: 'patch-too' });
    // continueOnError: the create goes through while the 2sms change fails.
    const stopped = await apply(saved.id, secrets, { parallelism: 1, continueOnError: true });
    expect(stopped.succeeded).toBe(false);
    expect(stopped.items.find((item: any) => item.connectionId === twosmsEmulator.connectionId && item.action === 'UPDATE').status).toBe(
      'FAILED',
    );
    twosmsEmulator.faults.clear(fault!.id);
    twosmsEmulator.faults.clear('patch-too');

    const slashidEmulator = g.sandbox.emulators.find((e) => e.vendor === 'slashid')!;
    const createsBefore = slashidEmulator.requests.filter((r) => r.method === 'POST').length;
    const resumed = await apply(saved.id, secrets, { parallelism: 1 });
    expect(resumed).toMatchObject({ __typename: 'EstateApplyReport', succeeded: true });
    // The create finished the first time: the second run replays it, nothing is sent again.
    expect(slashidEmulator.requests.filter((r) => r.method === 'POST').length).toBe(createsBefore);
    const rows = await listAuditEvents(g.store.db, { changeSetId: saved.id, limit: 100 });
    const succeeded = rows.filter((row) => row.status === 'SUCCEEDED');
    expect(succeeded.map((row) => row.operation).sort()).toEqual(saved.items.flatMap((item: any) => item.operations).sort());
    expect(changed(await plan(document.toString(), secrets))).toEqual([]);
  });
  it('deletes what a pruned connection no longer names, and lists it as unmanaged without prune', async () => {
    const { yaml, json } = await exported();
    const slashidId = connectionOf('slashid');
    const [dropped] = Object.keys(json.connections[slashidId].providers).sort();
    const document = parseDocument(yaml);
    document.deleteIn(['connections', slashidId, 'providers', dropped]);
    const unmanaged = await plan(document.toString());
    expect(changed(unmanaged)).toEqual([]);
    expect(unmanaged.items.filter((item: any) => item.action === 'UNMANAGED')).toEqual([expect.objectContaining({ key: dropped })]);
    expect(unmanaged.summary.unmanaged).toBe(1);

    document.setIn(['connections', slashidId, 'prune'], true);
    const pruned = await plan(document.toString());
    expect(changed(pruned)).toEqual([
      expect.objectContaining({ action: 'DELETE', key: dropped, operations: ['deleteSlashIdOidcCredential'] }),
    ]);
    expect((await apply(pruned.id)).succeeded).toBe(true);
    expect(changed(await plan(document.toString()))).toEqual([]);
    const after = await exported();
    expect(Object.keys(after.json.connections[slashidId].providers)).not.toContain(dropped);
  });

  it('names odd values (a NUL byte, a huge string) at their place, and sends nothing', async () => {
    const { yaml, json } = await exported();
    const document = parseDocument(yaml);
    const twosms = firstProvider(json, 'twosms');
    const slashid = firstProvider(json, 'slashid');
    document.setIn([...twosms, 'name'], 'bad\u0000name');
    document.setIn([...slashid, 'label'], 'x'.repeat(100_000));
    const writesBefore = g.sandbox.emulators.map((e) => e.requests.filter((r) => r.method !== 'GET').length);
    const result = await plan(document.toString());
    expect(result.__typename).toBe('EstateDocumentError');
    const paths = result.problems.map((p: any) => p.path);
    expect(paths).toContain(`${twosms.slice(0, 3).join('.')}[0].name`);
    expect(paths.some((path: string) => path.startsWith(`${slashid.join('.')}.label`))).toBe(true);
    for (const problem of result.problems) expect(problem.line).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain('x'.repeat(1_000));
    expect(g.sandbox.emulators.map((e) => e.requests.filter((r) => r.method !== 'GET').length)).toEqual(writesBefore);
  });
  it('shows every change of a provider that takes several vendor calls (cPanel), and none for a part left unnamed', async () => {
    const { yaml, json } = await exported();
    const cpanel = firstProvider(json, 'cpanel');
    const entry = valueIn(json, cpanel);
    const service = Object.keys(entry.services).sort()[0]!;
    const edited = parseDocument(yaml);
    edited.setIn([...cpanel, 'clientId'], 'estate-client-id.apps.example');
    edited.setIn([...cpanel, 'services', service, 'label'], 'Estate label');
    const result = await plan(edited.toString());
    const [item] = changed(result);
    expect(item.operations.length).toBeGreaterThanOrEqual(2);
    const paths = item.changes.map((change: any) => change.path);
    expect(paths).toContain('clientId');
    expect(paths.some((path: string) => path.includes('label'))).toBe(true);

    // Only `enabled` of one service named: the rest of the services is not managed, so nothing to do.
    const partial = parseDocument(yaml);
    partial.setIn([...cpanel, 'services'], { [service]: { enabled: entry.services[service].enabled } });
    expect(changed(await plan(partial.toString()))).toEqual([]);
  });
  it('refuses to apply when a target connection cannot be read (its versions are unknown), and writes nothing', async () => {
    const { yaml, json } = await exported();
    const document = parseDocument(yaml);
    const twosms = firstProvider(json, 'twosms');
    document.setIn([...twosms, 'name'], 'Unreadable meanwhile');
    const saved = await plan(document.toString());
    expect(changed(saved)).toHaveLength(1);
    const emulator = g.sandbox.emulators.find((e) => e.vendor === 'twosms')!;
    const writes = () => emulator.requests.filter((r) => r.method === 'PUT' || r.method === 'PATCH' || r.method === 'DELETE').length;
    const writesBefore = writes();
    const [fault] = emulator.faults.add({ kind: 'status', status: 400, method: 'GET' });
    try {
      const refused = await apply(saved.id);
      expect(refused.__typename).toBe('VendorError');
      expect(writes()).toBe(writesBefore);
    } finally {
      emulator.faults.clear(fault!.id);
    }
    expect(await listAuditEvents(g.store.db, { changeSetId: saved.id, limit: 10 })).toEqual([]);
  });
});
