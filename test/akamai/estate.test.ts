// The Akamai estate mapping against the real Identity Cloud emulator and pipeline: every sample provider
// exports in canonical form and plans no change; edited entries (secret, enum, scopes, attribute map, ui,
// SAML certificates) run through the pipeline and read back as written, then compare clean; a create under
// the id Akamai assigns, which cannot be undone (no delete); a protocol change plans nothing and says why;
// what Akamai would refuse fails naming the field.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { JsonObject } from '../../src/core/vendor-contract/adapter.js';
import { SAMPLE_IDP_CERTIFICATE } from '../../src/vendors/akamai/emulator/sandbox.js';
import { akamaiEstate as estate } from '../../src/vendors/akamai/estate.js';
import { estateMapping } from '../support/estate-mapping.js';
import { OAUTH_ID, OIDC_ID, SAML_ID } from './support.js';

const mapping = estateMapping('akamai', estate, 'idcloud-estate');

describe('Akamai estate', () => {
  it('exports every sample provider canonical, parseable, and planning no change', async () => {
    const providers = await mapping.readAll();
    expect(providers.map((p) => p.key).sort()).toEqual([OAUTH_ID, SAML_ID, OIDC_ID].sort());
    // Each export canonical, without a secret (clientSecret), reading back as itself and planning no change.
    const byKey = mapping.expectExportsPlanClean(providers);
    expect(byKey.get(OIDC_ID)).toEqual({
      title: 'Contoso Workforce OIDC',
      protocol: 'openidconnect',
      ui: { title: 'Contoso', iconUrl: 'https://assets.contoso.example/brand/icon-128.png' },
      authUrl: 'https://login.contoso.example/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.contoso.example/oauth2/v2.0/token',
      profileUrl: 'https://graph.contoso.example/oidc/userinfo',
      clientId: '339fdbdb-f17c-4ce6-a7d8-0b2c770412de',
      scopes: ['email', 'openid', 'profile'],
      attributeMap: [
        { identityCloudAttribute: '/email', providerAttribute: '/email' },
        { identityCloudAttribute: '/name/familyName', providerAttribute: '/family_name' },
        { identityCloudAttribute: '/name/givenName', providerAttribute: '/given_name' },
      ],
    });
    // SAML: only SAML's fields, null where Akamai holds none.
    expect(Object.keys(byKey.get(SAML_ID)!).sort()).toEqual(
      ['attributeMap', 'authUrl', 'authnContext', 'idpCertificate', 'idpCertificateChain', 'protocol', 'title', 'ui'].sort(),
    );
    expect(byKey.get(SAML_ID)!.authnContext).toBeNull();
    expect(byKey.get(OAUTH_ID)).toMatchObject({
      protocol: 'oauth2',
      tokenAuthMethod: 'client_secret_basic',
      ui: { title: 'Fabrikam Community', iconUrl: null },
    });
  });

  it('canonical form: scopes as a set, the attribute map by attribute, bare certificates, the default token auth method', () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${SAMPLE_IDP_CERTIFICATE.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
    expect(
      estate.canonical({
        scopes: ['openid', 'email', 'openid'],
        attributeMap: [
          { identityCloudAttribute: '/z', providerAttribute: '/a' },
          { identityCloudAttribute: '/a', providerAttribute: '/z' },
        ],
        idpCertificate: pem,
        tokenAuthMethod: null,
        ui: { title: 'Acme' },
      }),
    ).toEqual({
      scopes: ['email', 'openid'],
      attributeMap: [
        { identityCloudAttribute: '/a', providerAttribute: '/z' },
        { identityCloudAttribute: '/z', providerAttribute: '/a' },
      ],
      idpCertificate: SAMPLE_IDP_CERTIFICATE,
      tokenAuthMethod: 'client_secret_post',
      // ui is one value: a member left out is none.
      ui: { title: 'Acme', iconUrl: null },
    });
    // The document writes enums by their GraphQL names; core turns them into the wire values `entry` takes.
    expect(mapping.desiredOf({ protocol: 'OPENID_CONNECT', tokenAuthMethod: 'CLIENT_SECRET_BASIC' })).toEqual({
      protocol: 'openidconnect',
      tokenAuthMethod: 'client_secret_basic',
    });
  });

  it('rotates an OAuth secret and changes its token auth method, scopes and icon in one update, then compares clean', async () => {
    const fabrikam = (await mapping.readOne(OAUTH_ID))!;
    const edited: JsonObject = {
      ...estate.exportEntry(fabrikam),
      clientSecret: 'rotated-oauth-secret-77',
      tokenAuthMethod: 'CLIENT_SECRET_POST',
      scopes: ['read:profile', 'read:email', 'write:status'],
      ui: { title: 'Fabrikam Community', iconUrl: 'https://community.fabrikam.example/icon.png' },
    };
    const { changed, operations } = await mapping.converge(OAUTH_ID, edited);
    expect(changed).toEqual(['clientSecret', 'scopes', 'tokenAuthMethod', 'ui']);
    expect(mapping.summary(operations)).toEqual([
      [
        'updateAkamaiCustomProvider',
        {
          clientSecret: 'rotated-oauth-secret-77',
          scopes: ['read:email', 'read:profile', 'write:status'],
          tokenAuthMethod: 'client_secret_post',
          ui: { iconUrl: 'https://community.fabrikam.example/icon.png' },
        },
      ],
    ]);
  });

  it('replaces the attribute map whole, removes the profile URL and the icon a ui without it leaves out, and warns about the map', async () => {
    const contoso = (await mapping.readOne(OIDC_ID))!;
    const edited: JsonObject = {
      ...estate.exportEntry(contoso),
      profileUrl: null,
      attributeMap: [{ identityCloudAttribute: '/email', providerAttribute: '/mail' }],
      ui: { title: 'Contoso' },
    };
    const { changed, operations, after } = await mapping.converge(OIDC_ID, edited);
    expect(changed).toEqual(['attributeMap', 'profileUrl', 'ui']);
    expect(operations[0]!.input.ui).toEqual({ iconUrl: null });
    expect(after.details).toMatchObject({ attributeMap: { '/email': '/mail' }, profileUrl: null, uiTitle: 'Contoso', iconUrl: null });
    expect(estate.warnings?.('update', contoso, changed)).toEqual([expect.stringMatching(/attributeMap is replaced whole/)]);
  });

  it('changes SAML certificates and the RequestedAuthnContext', async () => {
    const northwind = (await mapping.readOne(SAML_ID))!;
    const { changed } = await mapping.converge(SAML_ID, {
      ...estate.exportEntry(northwind),
      idpCertificateChain: null,
      authnContext: { comparison: 'minimum' },
    });
    expect(changed).toEqual(['authnContext', 'idpCertificateChain']);
  });

  it('creates a provider under the id Akamai assigns, which then compares clean, and warns that it cannot be deleted', async () => {
    expect(estate.createKey).toBe('vendor');
    const written = {
      title: 'Tailwind OIDC',
      protocol: 'OPENID_CONNECT',
      ui: { title: 'Tailwind' },
      authUrl: 'https://id.tailwind.example/authorize',
      tokenUrl: 'https://id.tailwind.example/token',
      clientId: 'tailwind-client',
      clientSecret: 'tailwind-secret-1',
      scopes: ['openid', 'email'],
    };
    const { operations, after } = await mapping.converge(null, written);
    expect(operations.map((op) => op.spec.operation)).toEqual(['createAkamaiCustomProvider']);
    expect(after.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(estate.warnings?.('create', null, Object.keys(written))).toEqual([expect.stringMatching(/no delete/)]);
    // No delete: prune cannot remove it, and the plan says so.
    expect(estate.deleteOperation).toBeUndefined();
    expect(estate.warnings?.('delete', after, [])).toEqual([expect.stringMatching(/no delete/)]);
  });

  it('plans nothing for a protocol change, and says why', async () => {
    const contoso = (await mapping.readOne(OIDC_ID))!;
    const desired = mapping.desiredOf({ ...estate.exportEntry(contoso), protocol: 'SAML2' });
    const changed = mapping.changedFields(contoso, desired);
    expect(changed).toEqual(['protocol']);
    expect(estate.operations(contoso, desired, changed, OIDC_ID)).toEqual([]);
    expect(estate.warnings?.('update', contoso, changed)).toEqual([expect.stringMatching(/protocol only at create.*openidconnect/)]);
  });

  it('refuses what Akamai would refuse, naming the field', async () => {
    expect(mapping.entryProblems({ authUrl: 'http://login.example/authorize' })).toEqual([
      expect.stringMatching(/^authUrl: authUrl .*https/),
    ]);
    expect(mapping.entryProblems({ ui: { iconUrl: 'http://cdn.example/icon.png' } })).toEqual([
      expect.stringMatching(/^ui\.iconUrl: ui\.iconUrl .*https/),
    ]);
    expect(mapping.entryProblems({ title: null })).toEqual([expect.stringMatching(/^title: title cannot be removed/)]);
    expect(mapping.entryProblems({ protocol: 'ldap' })).toEqual([expect.stringMatching(/^protocol: protocol must be one of/)]);
    expect(mapping.entryProblems({ scopes: [] })).toEqual([expect.stringMatching(/^scopes: scopes must list at least one scope/)]);
    expect(mapping.entryProblems({ enabled: true })).toEqual([expect.stringMatching(/^: Unrecognized key.*enabled/)]);

    // A field of another protocol: the update's check names it (the plan places it in the document).
    const northwind = (await mapping.readOne(SAML_ID))!;
    const [update] = estate.operations(
      northwind,
      mapping.desiredOf({ tokenUrl: 'https://sso.northwind.example/token' }),
      ['tokenUrl'],
      SAML_ID,
    );
    const refused = await mapping.run(update!, SAML_ID, { dryRun: true });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toBeInstanceOf(ValidationError);
    expect((refused.error as ValidationError).fieldErrors).toEqual([
      { path: ['tokenUrl'], message: expect.stringMatching(/only for OpenID Connect and OAuth 2.0 providers, not SAML 2/) },
    ]);

    // A create without what its protocol needs: the create's own rules name each field.
    const [create] = estate.operations(
      null,
      mapping.desiredOf({ title: 'Half', protocol: 'OPENID_CONNECT', authUrl: 'https://half.example/a' }),
      [],
      null,
    );
    const parsed = create!.spec.input.safeParse(create!.input);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['clientId', 'clientSecret', 'tokenUrl']);
  });
});
