import { it } from 'vitest';
import { getNamedType, isScalarType, type GraphQLInputObjectType } from 'graphql';
import { schema } from '../../src/graphql/schema.js';
import { openStore } from '../../src/store/open.js';
import { startHarness } from '../support/harness.js';
import { CONNECTION_IDS, startFiveVendors, distinctive } from './vendors.js';
it('probe', async () => {
  const store = await openStore({ kind: 'pglite-memory' });
  const v = await startFiveVendors({ cpanelApiToken: distinctive('a'), akamaiClientSecret: distinctive('b'), twosmsClientSecret: distinctive('c'), huaweiPassword: distinctive('d'), slashidApiKey: distinctive('e') });
  const h = await startHarness({ store, connections: v.connections, env: v.env });
  const listed = await h.gql('{ identityProviders(first: 200) { edges { node { ... on ManagedIdentityProvider { id key vendor } } } } }');
  const ids: Record<string, string> = {};
  for (const e of listed.data.identityProviders.edges) ids[`${e.node.vendor.toLowerCase()}:${e.node.key}`] = e.node.id;
  const first = (vendor: string) => Object.entries(ids).find(([k]) => k.startsWith(`${vendor}:`))![1];
  const bases: Record<string, any> = {
    setCpanelDisplayConfiguration: { id: ids['cpanel:google'], service: 'CPANELD', color: '1a73e8' },
    updateAkamaiCustomProvider: { id: first('akamai'), title: 'x' },
    updateTwoSmsIdentityProvider: { id: first('twosms'), name: 'x' },
    updateHuaweiIdentityProvider: { id: ids['huawei:okta-workforce'], description: 'x' },
    setHuaweiOidcConfig: { id: ids['huawei:okta-workforce'], clientId: 'x1234567890' },
    updateSlashIdOidcCredential: { id: Object.entries(ids).find(([k]) => k.startsWith('slashid:') && k.includes('google'))![1], label: 'x' },
  };
  const out: string[] = [];
  for (const [op, base] of Object.entries(bases)) {
    const type = schema.getType(`${op[0]!.toUpperCase()}${op.slice(1)}Input`) as GraphQLInputObjectType;
    for (const field of Object.values(type.getFields())) {
      if (['id', 'dryRun', 'idempotencyKey', 'expectedVersion', 'service'].includes(field.name)) continue;
      const named = getNamedType(field.type);
      if (!isScalarType(named) || named.name !== 'String') continue;
      for (const value of ['x'.repeat(5000), '<script>', '\u0000', '']) {
        const res = await h.gql(`mutation($input: ${type.name}!) { r: ${op}(input: $input) { __typename ... on Error { message } ... on VendorError { httpStatus vendorCode } } }`, { input: { ...base, [field.name]: value } });
        const r = res.data?.r;
        if (r?.__typename === 'VendorError') out.push(`${op}.${field.name}=${JSON.stringify(value.slice(0, 10))}${value.length > 10 ? `(${value.length})` : ''}: ${r.httpStatus} ${r.vendorCode} ${r.message.slice(0, 150)}`);
      }
    }
  }
  console.log(out.join('\n'));
  await h.close(); await v.close(); await store.close();
}, 120_000);
