// A valid input of every registered mutation against the five emulators of vendors.ts (their sample data),
// shared by the fuzz test and the input-rules table test: each is valid to GraphQL and to the mutation's
// rules, and plans as a dry run. A test asserts that every registered mutation has one.
import type { Harness } from '../support/harness.js';
import { CONNECTION_IDS } from './vendors.js';

/** The global ids of the sample providers, by "<vendor>:<key>" (read with refresh, so the emulators are asked). */
export async function sampleProviderIds(h: Harness): Promise<Record<string, string>> {
  const listed = await h.gql(
    '{ identityProviders(first: 200, refresh: true) { edges { node { __typename ... on ManagedIdentityProvider { id key vendor } } } } }',
  );
  const ids: Record<string, string> = {};
  for (const edge of listed.data.identityProviders.edges) ids[`${edge.node.vendor.toLowerCase()}:${edge.node.key}`] = edge.node.id;
  return ids;
}

/** A public JWKS, as Huawei's signingKey takes it. */
export const PUBLIC_JWKS = '{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB"}]}';

/** A valid input of every registered mutation, by operation (GraphQL input: enums by name, ids global). */
export function validMutationInputs(ids: Record<string, string>): Record<string, Record<string, unknown>> {
  const first = (vendor: string) => Object.entries(ids).find(([key]) => key.startsWith(`${vendor}:`))![1];
  const slashidGoogle = Object.entries(ids).find(([key]) => key.startsWith('slashid:') && key.includes('googleusercontent'))![1];
  return {
    setCpanelClientConfiguration: {
      id: ids['cpanel:google'],
      service: 'CPANELD',
      clientId: 'fuzz-client',
      clientSecret: 'fuzz-secret-value-1',
    },
    setCpanelDisplayConfiguration: { id: ids['cpanel:google'], service: 'CPANELD', color: '1a73e8', label: 'Fuzz' },
    setCpanelProviderEnabled: { id: ids['cpanel:google'], service: 'WEBMAILD', enabled: true },
    createAkamaiCustomProvider: {
      connectionId: CONNECTION_IDS.akamai,
      title: 'Fuzz OIDC',
      protocol: 'OPENID_CONNECT',
      authUrl: 'https://fuzz.example/authorize',
      tokenUrl: 'https://fuzz.example/token',
      profileUrl: 'https://fuzz.example/userinfo',
      clientId: 'fuzz-akamai',
      clientSecret: 'fuzz-secret-value-2',
      scopes: ['openid'],
      ui: { title: 'Fuzz', iconUrl: 'https://fuzz.example/icon.png' },
      attributeMap: [{ identityCloudAttribute: '/email', providerAttribute: '/email' }],
    },
    updateAkamaiCustomProvider: { id: first('akamai'), title: 'Fuzz renamed', scopes: ['openid', 'email'] },
    createTwoSmsIdentityProvider: {
      connectionId: CONNECTION_IDS.twosms,
      name: 'Fuzz SSO',
      provider: 'https://sso.fuzz.example',
      loginUrl: 'https://sso.fuzz.example/login',
      logoutUrl: 'https://sso.fuzz.example/logout',
    },
    updateTwoSmsIdentityProvider: { id: first('twosms'), name: 'Fuzz renamed' },
    deleteTwoSmsIdentityProvider: { id: first('twosms') },
    verifyTwoSmsDomain: { id: first('twosms') },
    createHuaweiIdentityProvider: {
      connectionId: CONNECTION_IDS.huawei,
      name: 'fuzz-idp',
      enabled: true,
      accessMode: 'PROGRAM',
      idpUrl: 'https://fuzz.example',
      clientId: 'fuzz-client',
      signingKey: PUBLIC_JWKS,
    },
    updateHuaweiIdentityProvider: { id: ids['huawei:okta-workforce'], description: 'fuzz' },
    setHuaweiOidcConfig: { id: ids['huawei:okta-workforce'], clientId: 'fuzz-client-2', scope: 'openid profile' },
    deleteHuaweiIdentityProvider: { id: ids['huawei:github-actions-ci'] },
    createSlashIdOidcCredential: {
      connectionId: CONNECTION_IDS.slashid,
      provider: 'AZUREAD',
      clientId: 'fuzz-azure',
      clientSecret: 'fuzz-secret-value-3',
      label: 'Fuzz',
      options: { tenant: 'fuzz.onmicrosoft.com', authorizeScopes: ['openid'] },
      requiredConsistency: 'ALL_REGIONS',
    },
    updateSlashIdOidcCredential: { id: slashidGoogle, label: 'Fuzz', clientSecret: 'fuzz-secret-value-4' },
    deleteSlashIdOidcCredential: { id: slashidGoogle },
  };
}
