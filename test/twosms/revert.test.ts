// Reverting 2sms changes through the one pipeline, over real HTTP to the emulator, on every test store: a
// create is deleted again, an update sets the touched fields back (the certificate removed again where there
// was none), a delete is re-created from the state before (new id, unverified), a later change makes the
// revert a version conflict with no write, and a domain verification cannot be undone.
import { beforeEach, describe, expect, it } from 'vitest';
import type { VendorAdapter } from '../../src/core/vendor-contract/adapter.js';
import { ValidationError, VersionConflictError } from '../../src/core/errors.js';
import type { MutationOutcome } from '../../src/core/mutations/idempotency.js';
import type { MutationCommand } from '../../src/core/mutations/pipeline.js';
import { planRevert, revertAuditEvent } from '../../src/core/mutations/revert.js';
import { getAuditEvent } from '../../src/store/audit.js';
import { vendorModules } from '../../src/vendors/index.js';
import type { TwoSmsEmulator } from '../../src/vendors/twosms/emulator/server.js';
import type { EmulatedProvider } from '../../src/vendors/twosms/emulator/state.js';
import {
  createTwoSmsIdentityProvider,
  deleteTwoSmsIdentityProvider,
  updateTwoSmsIdentityProvider,
  verifyTwoSmsDomain,
} from '../../src/vendors/twosms/mutations.js';
import { FABRIKAM_CERT, NORTHWIND_CERT, sampleProviders } from '../../src/vendors/twosms/emulator/sample-data.js';
import { type RevertEnv, revertEnvironments } from '../support/revert-env.js';
import { STORE_KINDS } from '../support/stores.js';
import { CLIENT_ID, CLIENT_SECRET, CONTOSO_ID, FABRIKAM_ID, NORTHWIND_ID, startSampleEmulator } from './support.js';

type Spec = MutationCommand<VendorAdapter, unknown>['spec'];

const TAILWIND = {
  name: 'Tailwind SSO',
  provider: 'https://tailwind.example',
  loginUrl: 'https://login.tailwind.example/saml/sso',
  logoutUrl: 'https://login.tailwind.example/saml/slo',
  certificate: FABRIKAM_CERT,
};

/**
 * The sample account with each Provider (the SAML entity id) as the absolute URI the gateway requires: a revert
 * sends the old value again, and the sample data's bare domains ("northwind.example") are refused. The domain
 * 2sms derives stays the same.
 */
const urlProviders = () => sampleProviders().map((provider) => ({ ...provider, Provider: `https://${provider.Provider}` }));

/** The non-secret fields a create or update sets, as the emulator stores them. */
const sentFields = (p: EmulatedProvider) => ({
  Name: p.Name,
  Provider: p.Provider,
  Domain: p.Domain,
  Certificate: p.Certificate,
  SignOnURL: p.SignOnURL,
  LogoutURL: p.LogoutURL,
});

describe.each(STORE_KINDS)('2sms revert on $name', (kind) => {
  const environments = revertEnvironments('sms-revert', kind);
  let e: RevertEnv<TwoSmsEmulator>;
  beforeEach(async () => {
    const emulator = await startSampleEmulator({ providers: urlProviders() });
    e = environments.start(emulator, (id) => ({
      id,
      vendor: 'twosms',
      baseUrl: emulator.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      cacheTtlSeconds: 30,
      connectTimeoutMs: 2_000,
      totalTimeoutMs: 5_000,
    }));
  });

  const deps = () => ({ db: e.services.db, connections: e.services.connections, pipeline: e.services.pipeline, modules: vendorModules });
  const run = (spec: Spec, providerKey: string | null, input: Record<string, unknown>) =>
    e.services.pipeline.run({ spec, connectionId: e.connectionId, providerKey, input, actor: 'alice' });
  const revert = (auditEventId: string) => revertAuditEvent(deps(), { auditEventId, actor: 'bob' });
  /** Requests that change state: everything but the token and the reads (the verification is a GET with an effect). */
  const writes = () =>
    e.emulator.requests
      .filter((r) => r.path !== '/Token' && (r.method !== 'GET' || r.path.endsWith('/verification')))
      .map((r) => `${r.method} ${r.path}`);
  const stored = (id: string) => structuredClone(e.emulator.state.find(id));
  const succeeded = <T extends MutationOutcome>(outcome: T): Extract<T, { ok: true }> => {
    if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.message}`);
    return outcome as Extract<T, { ok: true }>;
  };

  /** Reverts a succeeded change; checks that the module's input passes the spec's schema and the audit row. */
  async function revertOk(applied: MutationOutcome, spec: Spec, providerKey: string | null) {
    const event = (await getAuditEvent(e.services.db, succeeded(applied).auditEvent.id))!;
    const plan = planRevert(event, vendorModules);
    if (plan instanceof ValidationError) throw plan;
    expect(plan.spec).toBe(spec);
    expect(spec.input.safeParse(plan.input).success).toBe(true);
    e.emulator.clearRequests();
    const reverted = succeeded(await revert(event.id));
    expect(reverted.secretsToResupply).toEqual([]);
    const row = await getAuditEvent(e.services.db, reverted.auditEvent.id);
    expect(row).toMatchObject({ status: 'SUCCEEDED', operation: spec.operation, actor: 'bob', input: { revertOf: event.id } });
    if (providerKey) expect(row!.providerKey).toBe(providerKey);
    return { reverted, plan, row: row! };
  }

  it('create: reverted by deleting the created provider', async () => {
    const created = succeeded(await run(createTwoSmsIdentityProvider as Spec, null, TAILWIND));
    const key = created.auditEvent.providerKey!;
    expect(stored(key)).toBeDefined();
    const { plan } = await revertOk(created, deleteTwoSmsIdentityProvider as Spec, key);
    expect(plan).toMatchObject({ providerKey: key, input: {} });
    expect(writes()).toEqual([`DELETE /api/v1/admin/identityproviders/${key}`]);
    expect(stored(key)).toBeUndefined();
    expect([...e.emulator.state.providers.values()].map((p) => p.ID).sort()).toEqual([NORTHWIND_ID, CONTOSO_ID, FABRIKAM_ID].sort());
  });

  it('update: the touched fields go back, a removed certificate comes back', async () => {
    const original = stored(CONTOSO_ID);
    const applied = await run(updateTwoSmsIdentityProvider as Spec, CONTOSO_ID, {
      name: 'Contoso (renamed)',
      loginUrl: 'https://adfs2.contoso-research.example/adfs/ls/',
      certificate: null,
    });
    expect(stored(CONTOSO_ID)).toMatchObject({ Name: 'Contoso (renamed)', Certificate: null });
    const { plan } = await revertOk(applied, updateTwoSmsIdentityProvider as Spec, CONTOSO_ID);
    expect(plan.input).toEqual({ name: original!.Name, loginUrl: original!.SignOnURL, certificate: original!.Certificate });
    expect(writes()).toEqual([`PUT /api/v2/admin/identityproviders/${CONTOSO_ID}`]);
    expect(stored(CONTOSO_ID)).toEqual(original);
  });

  it('update: a certificate the provider did not have is removed again (Certificate null)', async () => {
    const original = stored(FABRIKAM_ID);
    expect(original!.Certificate).toBeNull();
    const applied = await run(updateTwoSmsIdentityProvider as Spec, FABRIKAM_ID, {
      certificate: NORTHWIND_CERT,
      logoutUrl: 'https://fabrikam.okta.example/logout',
    });
    const { plan } = await revertOk(applied, updateTwoSmsIdentityProvider as Spec, FABRIKAM_ID);
    expect(plan.input).toEqual({ logoutUrl: original!.LogoutURL, certificate: null });
    expect(JSON.parse(e.emulator.requests.find((r) => r.method === 'PUT')!.body)).toMatchObject({
      Certificate: null,
      LogoutUrl: original!.LogoutURL,
    });
    expect(stored(FABRIKAM_ID)).toEqual(original);
  });

  it('update that moved the domain: moving it back restores the fields, but 2sms asks for a new verification', async () => {
    const original = stored(NORTHWIND_ID)!;
    expect(original.Verified).toBe(true);
    const applied = await run(updateTwoSmsIdentityProvider as Spec, NORTHWIND_ID, { provider: 'https://northwind-traders.example' });
    expect(stored(NORTHWIND_ID)).toMatchObject({ Domain: 'northwind-traders.example', Verified: false });
    await revertOk(applied, updateTwoSmsIdentityProvider as Spec, NORTHWIND_ID);
    const now = stored(NORTHWIND_ID)!;
    expect(sentFields(now)).toEqual(sentFields(original));
    // What the vendor sets itself on a domain move cannot be set back: a new TXT value, unverified.
    expect(now.Verified).toBe(false);
    expect(now.DomainTXTrecord).not.toBe(original.DomainTXTrecord);
  });

  it('delete: reverted by creating the provider again from its state before (new id, unverified), nothing to re-supply', async () => {
    const original = stored(CONTOSO_ID)!;
    const deleted = await run(deleteTwoSmsIdentityProvider as Spec, CONTOSO_ID, {});
    expect(stored(CONTOSO_ID)).toBeUndefined();
    const { plan, row } = await revertOk(deleted, createTwoSmsIdentityProvider as Spec, null);
    expect(plan).toMatchObject({
      providerKey: null,
      input: {
        name: original.Name,
        provider: original.Provider,
        loginUrl: original.SignOnURL,
        logoutUrl: original.LogoutURL,
        certificate: original.Certificate,
      },
    });
    expect(writes()).toEqual(['POST /api/v2/admin/identityproviders']);
    const recreated = stored(row.providerKey!)!;
    expect(row.providerKey).not.toBe(CONTOSO_ID);
    expect(sentFields(recreated)).toEqual(sentFields(original));
    expect(recreated.Verified).toBe(false);

    // A delete has no version to check; reverting it again finds the domain taken and the vendor refuses it.
    e.emulator.clearRequests();
    const again = await revert(deleted.auditEvent!.id);
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error).toBeInstanceOf(ValidationError);
    expect((again.error as ValidationError).fieldErrors[0]).toMatchObject({
      path: ['provider'],
      message: expect.stringMatching(/ProviderDup/),
    });
    expect([...e.emulator.state.providers.values()].filter((p) => p.Domain === original.Domain)).toHaveLength(1);
  });

  it.each([
    ['create', async (run_: typeof run) => run_(createTwoSmsIdentityProvider as Spec, null, TAILWIND), { name: 'Tailwind (renamed)' }],
    [
      'update',
      async (run_: typeof run) => run_(updateTwoSmsIdentityProvider as Spec, CONTOSO_ID, { name: 'First' }),
      { logoutUrl: 'https://adfs.contoso-research.example/signout' },
    ],
  ])('a revert of a %s after a later change is a version conflict and sends no write', async (_label, change, later) => {
    const applied = succeeded(await change(run));
    const key = applied.auditEvent.providerKey!;
    succeeded(await run(updateTwoSmsIdentityProvider as Spec, key, later));
    const before = stored(key);
    e.emulator.clearRequests();
    const reverted = await revert(applied.auditEvent.id);
    expect(reverted.ok).toBe(false);
    if (reverted.ok) return;
    expect(reverted.error).toBeInstanceOf(VersionConflictError);
    expect(reverted.auditEvent).toMatchObject({ status: 'REJECTED', input: { revertOf: applied.auditEvent.id } });
    expect(writes()).toEqual([]);
    expect(stored(key)).toEqual(before);
  });

  it('a domain verification cannot be reverted: a ValidationError naming auditEventId, no write', async () => {
    const verified = succeeded(await run(verifyTwoSmsDomain as Spec, FABRIKAM_ID, {}));
    expect(stored(FABRIKAM_ID)!.Verified).toBe(true);
    e.emulator.clearRequests();
    const reverted = await revert(verified.auditEvent.id);
    expect(reverted.ok).toBe(false);
    if (reverted.ok) return;
    expect(reverted.error).toBeInstanceOf(ValidationError);
    expect((reverted.error as ValidationError).fieldErrors).toEqual([
      { path: ['auditEventId'], message: expect.stringMatching(/verification cannot be undone: 2sms has no operation/) },
    ]);
    expect(reverted.auditEvent).toBeNull();
    expect(e.emulator.requests).toEqual([]);
    expect(stored(FABRIKAM_ID)!.Verified).toBe(true);
  });
});
