// Secrets never leave the way they came in: a full scenario across all five vendors with distinctive secret
// values — connection credentials, every secret input (cPanel, Akamai and SlashID client secrets, the Apple
// private key), the secrets the vendors already hold, the API token of the caller and the tokens the
// emulators issue — then every HTTP response, every row of every table and every log line is searched for
// each of them, as is, URI-encoded, form-encoded, JSON-escaped and base64: zero occurrences.
// The scenario also checks that it really did what it claims (the secrets reached the vendors), so that
// "nothing found" means something.
import { generateApplePrivateKey } from '../../src/vendors/slashid/emulator/sandbox.js';
import { sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as tables from '../../src/store/tables.js';
import type { Store } from '../../src/store/open.js';
import { apiToken } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { mutationResultSelection, selectAll } from './selection.js';
import { CONNECTION_IDS, distinctive, fiveVendorGateway, vendorWrites } from './vendors.js';

const PROVIDER_TYPES = {
  cpanel: 'CpanelIdentityProvider',
  akamai: 'AkamaiCustomProvider',
  twosms: 'TwoSmsIdentityProvider',
  huawei: 'HuaweiIdentityProvider',
  slashid: 'SlashIdOidcCredential',
} as const;

/** Every row of every table the database has (the gateway's own and drizzle's), as text. */
async function dumpEveryTable(store: Store): Promise<{ text: string; tableNames: string[] }> {
  const listed = await store.db.execute(
    sql`select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  const names = ((listed as unknown as { rows?: unknown[] }).rows ?? (listed as unknown as unknown[])) as Array<{
    table_schema: string;
    table_name: string;
  }>;
  const dumps: string[] = [];
  for (const { table_schema: schemaName, table_name: tableName } of names) {
    const result = await store.db.execute(sql.raw(`select * from "${schemaName}"."${tableName}"`));
    const rows = (result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
    dumps.push(`${schemaName}.${tableName} ${JSON.stringify(rows)}`);
  }
  return { text: dumps.join('\n'), tableNames: names.map((n) => n.table_name) };
}

/** Each form a secret could take in text: as is, URI-, form- and JSON-encoded, base64 and base64url (and a PEM's body lines). */
function needles(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ]);
  for (const line of secret.split('\n')) if (line.length >= 40 && !line.startsWith('-----')) forms.add(line);
  return [...forms];
}

describe.each(STORE_KINDS)('no secret leaks across five vendors ($name)', (kind) => {
  const credentials = {
    cpanelApiToken: distinctive('cpaneltoken'),
    akamaiClientSecret: distinctive('akamaiconn'),
    twosmsClientSecret: distinctive('twosmsconn'),
    huaweiPassword: distinctive('huaweipass'),
    slashidApiKey: distinctive('slashidkey'),
  };
  const seeds: Record<string, string> = {};
  const input = {
    cpanel: [1, 2, 3, 4, 5, 6, 7].map((n) => distinctive(`cpanelin${n}`)),
    akamai: [1, 2, 3, 4, 5].map((n) => distinctive(`akamaiin${n}`)),
    slashid: [1, 2, 3, 4, 5].map((n) => distinctive(`slashidin${n}`)),
    applePrivateKey: generateApplePrivateKey(),
    applePrivateKey2: generateApplePrivateKey(),
  };
  const admin = apiToken('sec-admin', 'admin');
  const h = fiveVendorGateway({
    kind,
    credentials,
    seedSecrets: (where) => (seeds[where] = distinctive(where.replace(/[^a-z]/gi, '').slice(0, 12))),
    tokens: [admin.config],
  });
  /** Raw bodies and headers of the non-GraphQL responses (the JSONL export). */
  const otherResponses: string[] = [];
  const ids: Record<string, string> = {};

  const gql = async (query: string, variables?: Record<string, unknown>) => h.gql(query, variables, { token: admin.token });
  const mutate = async (operation: string, vendor: keyof typeof PROVIDER_TYPES, mutationInput: Record<string, unknown>) => {
    const inputType = `${operation.charAt(0).toUpperCase()}${operation.slice(1)}Input`;
    const res = await gql(
      `mutation($input: ${inputType}!) { result: ${operation}(input: $input) { ${mutationResultSelection(operation, PROVIDER_TYPES[vendor])} } }`,
      {
        input: mutationInput,
      },
    );
    expect(res.errors, `${operation}: ${JSON.stringify(res.errors)}`).toBeUndefined();
    return res.data.result as {
      __typename: string;
      provider?: { id: string; key: string };
      dryRun?: boolean;
      message?: string;
      auditEvent?: { id: string; status: string; requestId: string | null };
    };
  };

  it('reads every provider of every vendor, with every field', async () => {
    for (const [vendor, type] of Object.entries(PROVIDER_TYPES)) {
      const res = await gql(
        `query($vendor: Vendor) { identityProviders(first: 100, refresh: true, vendor: $vendor) { edges { node { ... on ${type} { ${selectAll(type, 2)} } } } connectionErrors { connectionId code message } } }`,
        { vendor: vendor.toUpperCase() },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.identityProviders.connectionErrors).toEqual([]);
      const nodes = res.data.identityProviders.edges.map((e: any) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) ids[`${vendor}:${node.key}`] = node.id;
    }
    const res = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } connections { ${selectAll('Connection', 2)} } }`, {
      ids: Object.values(ids).slice(0, 20),
    });
    expect(res.errors).toBeUndefined();
  });

  it('cPanel: success, dry run, validation failures, a vendor failure echoing the secret, idempotency, batch and revert', async () => {
    const id = ids['cpanel:google']!;
    const op = 'setCpanelClientConfiguration';
    expect(
      (await mutate(op, 'cpanel', { id, service: 'CPANELD', clientId: 'sec-google-client', clientSecret: input.cpanel[0] })).__typename,
    ).toBe('SetCpanelClientConfigurationPayload');
    expect(h.vendors.cpanel.module('google')!.clientConfig!.client_secret).toBe(input.cpanel[0]);
    expect(vendorWrites(h.vendors.cpanel.requests).map((r) => r.path)).toContain('/json-api/set_provider_client_configurations');
    expect(await mutate(op, 'cpanel', { id, service: 'CPANELD', clientSecret: input.cpanel[1], dryRun: true })).toMatchObject({
      dryRun: true,
    });
    expect(
      (
        await mutate(op, 'cpanel', {
          id,
          service: 'CPANELD',
          clientSecret: input.cpanel[2],
          extraFields: [{ key: 'bad key!', value: input.cpanel[2] }],
        })
      ).__typename,
    ).toBe('ValidationError');
    // GraphQL's own coercion error quotes the whole input object (service missing): the secret must not be in it.
    const coercion = await gql(
      `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename } }`,
      {
        input: { id, clientSecret: input.cpanel[3] },
      },
    );
    expect(coercion.errors?.[0]?.message).toMatch(/got invalid value .*\[REDACTED\].*"service"/);
    h.vendors.cpanel.failNext('set_provider_client_configurations', `The client secret “${input.cpanel[4]}” is not valid for google.`);
    const failed = await mutate(op, 'cpanel', { id, service: 'CPANELD', clientSecret: input.cpanel[4] });
    expect(failed.__typename).toBe('VendorError');
    expect(failed.message).toContain('[REDACTED]');
    for (let i = 0; i < 2; i += 1) {
      expect(
        (await mutate(op, 'cpanel', { id, service: 'CPANELD', clientSecret: input.cpanel[5], idempotencyKey: 'sec-idem-1' })).__typename,
      ).toBe('SetCpanelClientConfigurationPayload');
    }
    const batch = await gql(
      `mutation($input: ApplyIdentityProviderChangesInput!) { applyIdentityProviderChanges(input: $input) { __typename ... on ApplyIdentityProviderChangesPayload { succeeded results { status error { message } auditEvent { id requestId } } } } }`,
      {
        input: {
          mode: 'BEST_EFFORT',
          changes: [{ operation: 'setCpanelClientConfiguration', input: { id, service: 'CPANELD', clientSecret: input.cpanel[6] } }],
        },
      },
    );
    expect(batch.errors).toBeUndefined();
    expect(batch.data.applyIdentityProviderChanges.succeeded).toBe(true);
    const reverted = await gql(
      `mutation($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { ${mutationResultSelection('revertAuditEvent', 'CpanelIdentityProvider')} } }`,
      {
        input: { auditEventId: batch.data.applyIdentityProviderChanges.results[0].auditEvent.id },
      },
    );
    expect(reverted.errors).toBeUndefined();
    expect(reverted.data.revertAuditEvent.__typename).toBe('RevertAuditEventPayload');
  });

  it('Akamai: create and update with secrets, dry run, validation failure, a vendor failure echoing the secret', async () => {
    const created = await mutate('createAkamaiCustomProvider', 'akamai', {
      connectionId: CONNECTION_IDS.akamai,
      title: 'Sec Okta',
      protocol: 'OPENID_CONNECT',
      authUrl: 'https://sec.okta.example/oauth2/v1/authorize',
      tokenUrl: 'https://sec.okta.example/oauth2/v1/token',
      profileUrl: 'https://sec.okta.example/oauth2/v1/userinfo',
      clientId: 'sec-akamai-client',
      clientSecret: input.akamai[0],
      scopes: ['openid', 'email'],
    });
    expect(created.__typename).toBe('CreateAkamaiCustomProviderPayload');
    const id = created.provider!.id;
    expect((await mutate('updateAkamaiCustomProvider', 'akamai', { id, clientSecret: input.akamai[1] })).__typename).toBe(
      'UpdateAkamaiCustomProviderPayload',
    );
    expect(await mutate('updateAkamaiCustomProvider', 'akamai', { id, clientSecret: input.akamai[2], dryRun: true })).toMatchObject({
      dryRun: true,
    });
    const invalid = await mutate('createAkamaiCustomProvider', 'akamai', {
      connectionId: CONNECTION_IDS.akamai,
      title: 'Sec SAML',
      protocol: 'SAML2',
      authUrl: 'https://sec.saml.example/sso',
      clientSecret: input.akamai[3],
    });
    expect(invalid.__typename).toBe('ValidationError');
    h.vendors.akamai.failNext('PATCH', 400, 'invalid-client-secret', `The client_secret "${input.akamai[4]}" was refused by policy.`);
    const failed = await mutate('updateAkamaiCustomProvider', 'akamai', { id, clientSecret: input.akamai[4] });
    expect(failed.__typename).toBe('VendorError');
    expect(failed.message).toContain('[REDACTED]');
  });

  it('2sms: create, update, dry run, validation failure, a vendor refusal, delete', async () => {
    const created = await mutate('createTwoSmsIdentityProvider', 'twosms', {
      connectionId: CONNECTION_IDS.twosms,
      name: 'Sec SSO',
      provider: 'https://sso.sec-corp.example',
      loginUrl: 'https://sso.sec-corp.example/saml/login',
      logoutUrl: 'https://sso.sec-corp.example/saml/logout',
    });
    expect(created.__typename).toBe('CreateTwoSmsIdentityProviderPayload');
    const id = created.provider!.id;
    expect((await mutate('updateTwoSmsIdentityProvider', 'twosms', { id, name: 'Sec SSO (renamed)' })).__typename).toBe(
      'UpdateTwoSmsIdentityProviderPayload',
    );
    expect(await mutate('updateTwoSmsIdentityProvider', 'twosms', { id, name: 'Sec SSO (planned)', dryRun: true })).toMatchObject({
      dryRun: true,
    });
    expect(
      (
        await mutate('createTwoSmsIdentityProvider', 'twosms', {
          connectionId: CONNECTION_IDS.twosms,
          name: 'x',
          provider: 'https://x.example',
          loginUrl: 'not a url',
          logoutUrl: 'https://x.example/logout',
        })
      ).__typename,
    ).toBe('ValidationError');
    expect((await mutate('verifyTwoSmsDomain', 'twosms', { id })).__typename).toBe('VendorError');
    expect((await mutate('deleteTwoSmsIdentityProvider', 'twosms', { id })).__typename).toBe('DeleteTwoSmsIdentityProviderPayload');
  });

  it('Huawei: create, update, OIDC config, dry run, validation failure, a vendor failure echoing password and token, delete', async () => {
    const created = await mutate('createHuaweiIdentityProvider', 'huawei', {
      connectionId: CONNECTION_IDS.huawei,
      name: 'sec-okta',
      enabled: true,
      accessMode: 'PROGRAM',
      idpUrl: 'https://sec.okta.example',
      clientId: 'sec-huawei-client',
      signingKey: '{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB"}]}',
    });
    expect(created.__typename).toBe('CreateHuaweiIdentityProviderPayload');
    const id = created.provider!.id;
    expect((await mutate('updateHuaweiIdentityProvider', 'huawei', { id, description: 'security scenario' })).__typename).toBe(
      'UpdateHuaweiIdentityProviderPayload',
    );
    expect((await mutate('setHuaweiOidcConfig', 'huawei', { id, clientId: 'sec-huawei-client-2' })).__typename).toBe(
      'SetHuaweiOidcConfigPayload',
    );
    expect(await mutate('updateHuaweiIdentityProvider', 'huawei', { id, enabled: false, dryRun: true })).toMatchObject({ dryRun: true });
    expect(
      (
        await mutate('createHuaweiIdentityProvider', 'huawei', {
          connectionId: CONNECTION_IDS.huawei,
          name: 'bad name!',
          enabled: true,
          accessMode: 'PROGRAM',
          idpUrl: 'https://x.example',
          clientId: 'c',
          signingKey: '{}',
        })
      ).__typename,
    ).toBe('ValidationError');
    const patch = h.vendors.huawei.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/identity_providers/sec-okta'))!;
    const token = h.vendors.huawei.issuedTokens.at(-1)!;
    h.vendors.huawei.failNext('PATCH', patch.path, {
      status: 400,
      body: {
        error_code: 'IAM.0011',
        error_msg: `Request by user with password ${credentials.huaweiPassword} and token ${token} is invalid.`,
      },
    });
    const failed = await mutate('updateHuaweiIdentityProvider', 'huawei', { id, description: 'refused' });
    expect(failed.__typename).toBe('VendorError');
    expect(failed.message).toContain('[REDACTED]');
    expect((await mutate('deleteHuaweiIdentityProvider', 'huawei', { id })).__typename).toBe('DeleteHuaweiIdentityProviderPayload');
  });

  it('SlashID: an Apple credential with client secret and private key, rotation, dry run, validation failure, a vendor failure, delete', async () => {
    const created = await mutate('createSlashIdOidcCredential', 'slashid', {
      connectionId: CONNECTION_IDS.slashid,
      provider: 'APPLE',
      clientId: 'com.sec.signin',
      clientSecret: input.slashid[0],
      label: 'Sec Apple',
      options: { privateKey: input.applePrivateKey, teamId: 'S1E2C3T4M5', keyId: 'K1E2Y3I4D5' },
    });
    expect(created.__typename).toBe('CreateSlashIdOidcCredentialPayload');
    expect(h.vendors.slashid.credential('com.sec.signin')).toMatchObject({ client_secret: input.slashid[0] });
    const id = created.provider!.id;
    expect(
      (
        await mutate('updateSlashIdOidcCredential', 'slashid', {
          id,
          clientSecret: input.slashid[1],
          options: { privateKey: input.applePrivateKey2 },
        })
      ).__typename,
    ).toBe('UpdateSlashIdOidcCredentialPayload');
    expect(await mutate('updateSlashIdOidcCredential', 'slashid', { id, clientSecret: input.slashid[2], dryRun: true })).toMatchObject({
      dryRun: true,
    });
    // A private key on a Google credential is refused before anything is sent.
    const invalid = await mutate('createSlashIdOidcCredential', 'slashid', {
      connectionId: CONNECTION_IDS.slashid,
      provider: 'GOOGLE',
      clientId: 'sec-google-x',
      clientSecret: input.slashid[3],
      options: { privateKey: input.applePrivateKey },
    });
    expect(invalid.__typename).toBe('ValidationError');
    // A 4xx is never retried (a 5xx on an idempotent PATCH would be, and then succeed).
    h.vendors.slashid.faults.add({ kind: 'status', status: 400, method: 'PATCH', count: 1 });
    const failed = await mutate('updateSlashIdOidcCredential', 'slashid', { id, clientSecret: input.slashid[4] });
    expect(failed.__typename).toBe('VendorError');
    expect((await mutate('deleteSlashIdOidcCredential', 'slashid', { id })).__typename).toBe('DeleteSlashIdOidcCredentialPayload');
  });

  it('audit queries, drift and the JSONL export answer in full', async () => {
    const events = await gql(
      `{ auditEvents(first: 200) { edges { cursor node { ${selectAll('AuditEvent', 2)} } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(events.errors).toBeUndefined();
    const nodes = events.data.auditEvents.edges.map((e: any) => e.node);
    expect(new Set(nodes.map((n: any) => n.status))).toEqual(new Set(['SUCCEEDED', 'DRY_RUN', 'REJECTED', 'FAILED']));
    expect(new Set(nodes.map((n: any) => n.vendor))).toEqual(new Set(['CPANEL', 'AKAMAI', 'TWOSMS', 'HUAWEI', 'SLASHID']));
    // Every mutation's row names its request, as the request log line does.
    const requestIds = new Set(
      h.logLines
        .map((line) => JSON.parse(line))
        .filter((l) => l.msg === 'request')
        .map((l) => l.requestId),
    );
    for (const node of nodes) expect(requestIds.has(node.requestId), `${node.operation} ${node.status}`).toBe(true);
    for (const [vendor, connectionId] of Object.entries(CONNECTION_IDS)) {
      const type = PROVIDER_TYPES[vendor as keyof typeof PROVIDER_TYPES];
      const drift = await gql(
        `query($c: String!) { drift(connectionId: $c) { ${selectAll('DriftReport', 0)} providers { key kind changes { path before after secret } provider { ... on ${type} { ${selectAll(type, 2)} } } } } }`,
        { c: connectionId },
      );
      expect(drift.errors).toBeUndefined();
    }
    const filtered = await gql(
      `{ auditEvents(first: 50, status: [FAILED, REJECTED], vendor: SLASHID) { edges { node { ${selectAll('AuditEvent', 2)} } } } }`,
    );
    expect(filtered.errors).toBeUndefined();
    const res = await h.yoga.fetch('http://gateway.test/audit.jsonl', { headers: { authorization: `Bearer ${admin.token}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.trim().split('\n').length).toBeGreaterThanOrEqual(nodes.length);
    otherResponses.push(JSON.stringify([...res.headers]), text);
  });

  it('finds none of the secrets in any response, any table or any log line', async () => {
    const issued = {
      akamai: h.vendors.akamai.requests
        .map((r) => /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1])
        .filter((t): t is string => !!t),
      twosms: h.vendors.twosms.requests
        .map((r) => /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1])
        .filter((t): t is string => !!t),
      huawei: h.vendors.huawei.issuedTokens,
    };
    expect(issued.akamai.length).toBeGreaterThan(0);
    expect(issued.twosms.length).toBeGreaterThan(0);
    expect(issued.huawei.length).toBeGreaterThan(0);
    const secrets: Record<string, string> = {
      ...credentials,
      apiToken: admin.token,
      ...Object.fromEntries(Object.entries(seeds).map(([where, value]) => [`seed ${where}`, value])),
      ...Object.fromEntries(input.cpanel.map((value, i) => [`cpanel input ${i + 1}`, value])),
      ...Object.fromEntries(input.akamai.map((value, i) => [`akamai input ${i + 1}`, value])),
      ...Object.fromEntries(input.slashid.map((value, i) => [`slashid input ${i + 1}`, value])),
      applePrivateKey: input.applePrivateKey,
      applePrivateKey2: input.applePrivateKey2,
      ...Object.fromEntries([...new Set(issued.akamai)].map((value, i) => [`akamai token ${i + 1}`, value])),
      ...Object.fromEntries([...new Set(issued.twosms)].map((value, i) => [`2sms token ${i + 1}`, value])),
      ...Object.fromEntries(issued.huawei.map((value, i) => [`huawei token ${i + 1}`, value])),
    };
    // The seeds the vendors hold: cPanel and Akamai return them on every read, SlashID an Apple key.
    expect(Object.keys(seeds).length).toBeGreaterThanOrEqual(8);

    const dump = await dumpEveryTable(h.store);
    const tableNames = Object.values(tables)
      .filter((value) => is(value, PgTable))
      .map((table) => getTableConfig(table as PgTable).name);
    expect(tableNames.length).toBeGreaterThanOrEqual(4);
    for (const name of tableNames) expect(dump.tableNames).toContain(name);
    expect(h.logLines.length).toBeGreaterThan(20);
    expect(h.responses.length).toBeGreaterThan(30);

    const haystacks: Record<string, string> = {
      responses: [...h.responses, ...otherResponses].join('\n'),
      tables: dump.text,
      logs: h.logLines.join(''),
    };
    const found: string[] = [];
    let searched = 0;
    for (const [name, secret] of Object.entries(secrets)) {
      for (const needle of needles(secret)) {
        searched += 1;
        for (const [where, text] of Object.entries(haystacks)) {
          const count = text.split(needle).length - 1;
          if (count > 0) found.push(`${name} (${needle === secret ? 'raw' : `as ${needle.slice(0, 16)}…`}): ${count} in ${where}`);
        }
      }
    }
    console.log(
      `[${kind.name}] searched ${Object.keys(secrets).length} secrets (${searched} forms) in ${h.responses.length + otherResponses.length} responses, ` +
        `${dump.tableNames.length} tables (${dump.text.length} chars) and ${h.logLines.length} log lines: ${found.length} found`,
    );
    expect(found).toEqual([]);
  });
});
