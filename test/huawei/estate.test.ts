// The Huawei estate mapping against the real emulator and pipeline: every sample IdP (console OIDC, program
// OIDC, SAML) exports in canonical form and plans no change; edited entries run through the IdP update and
// the OIDC configuration in the right order, read back as written and compare clean; a create under the
// document key and a delete; what Huawei would refuse fails naming the field.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { huaweiEstate as estate } from '../../src/vendors/huawei/estate.js';
import { setHuaweiOidcConfig } from '../../src/vendors/huawei/mutations.js';
import { estateMapping } from '../support/estate-mapping.js';
import { CONSOLE_IDP_INPUT, JWKS } from './support.js';

const mapping = estateMapping('huawei', estate, 'hw-estate');

describe('Huawei estate', () => {
  it('exports every sample IdP canonical, parseable (enum names too), and planning no change', async () => {
    const providers = await mapping.readAll();
    expect(providers.map((p) => p.key).sort()).toEqual(['adfs-legacy', 'github-actions-ci', 'okta-workforce']);
    // Each read back as a document writes it (GraphQL enum names) too.
    const exports = mapping.expectExportsPlanClean(providers);
    expect(mapping.withEnumNames(exports.get('github-actions-ci')!)).toEqual({
      description: 'Deploy pipelines exchange GitHub OIDC tokens for IAM tokens',
      enabled: true,
      ssoType: 'VIRTUAL_USER_SSO',
      accessMode: 'PROGRAM',
      idpUrl: 'https://token.actions.githubusercontent.com',
      clientId: 'huaweicloud-iam-deploy',
      signingKey: expect.stringMatching(/^\{"keys":/),
    });
    // SAML: the IdP's own fields only.
    expect(Object.keys(exports.get('adfs-legacy')!).sort()).toEqual(['description', 'enabled', 'ssoType']);
  });

  it('canonical form: empty description, scope as a set, compact JWKS, id_token under the console', () => {
    const pretty = JSON.stringify(JSON.parse(JWKS), null, 2);
    expect(
      estate.canonical({ description: '', scope: 'profile openid profile', signingKey: pretty, accessMode: 'program_console' }),
    ).toEqual({
      description: null,
      scope: 'openid profile',
      signingKey: JWKS,
      accessMode: 'program_console',
      responseType: 'id_token',
    });
    expect(estate.canonical({ accessMode: 'program' })).toEqual({ accessMode: 'program' });
  });

  it('disables an IdP before changing its configuration (scope, a response mode enum), then compares clean', async () => {
    const okta = (await mapping.readOne('okta-workforce'))!;
    const written = {
      ...mapping.withEnumNames(estate.exportEntry(okta)),
      description: 'Okta, paused',
      enabled: false,
      scope: 'email groups openid profile',
      responseMode: 'FRAGMENT',
    };
    const { operations } = await mapping.converge('okta-workforce', written);
    expect(mapping.summary(operations)).toEqual([
      ['updateHuaweiIdentityProvider', { description: 'Okta, paused', enabled: false }],
      ['setHuaweiOidcConfig', { scope: 'email groups openid profile', responseMode: 'fragment' }],
    ]);
    expect(estate.warnings?.('update', okta, ['description', 'enabled', 'responseMode', 'scope'])).toEqual([
      expect.stringMatching(/replaces the whole OpenID Connect configuration/),
    ]);
  });

  it('moves a program IdP to console access (the console fields come with it)', async () => {
    const github = (await mapping.readOne('github-actions-ci'))!;
    const written = {
      ...estate.exportEntry(github),
      accessMode: 'PROGRAM_CONSOLE',
      authorizationEndpoint: 'https://github.com/login/oauth/authorize',
      scope: 'openid',
      responseMode: 'FORM_POST',
    };
    const { operations, after } = await mapping.converge('github-actions-ci', written);
    expect(operations.map((op) => op.spec.operation)).toEqual(['setHuaweiOidcConfig']);
    expect(Object.keys(operations[0]!.input).sort()).toEqual([
      'accessMode',
      'authorizationEndpoint',
      'responseMode',
      'responseType',
      'scope',
    ]);
    expect(estate.exportEntry(after)).toMatchObject({ accessMode: 'program_console', responseType: 'id_token' });
  });

  it('clears a description; a SAML IdP refuses an OpenID Connect configuration', async () => {
    const adfs = (await mapping.readOne('adfs-legacy'))!;
    const { operations } = await mapping.converge('adfs-legacy', { description: null, enabled: false });
    expect(mapping.summary(operations)).toEqual([['updateHuaweiIdentityProvider', { description: null }]]);
    const desired = mapping.desiredOf({ idpUrl: 'https://adfs.example.com/adfs' });
    const [configure] = estate.operations(adfs, desired, mapping.changedFields(adfs, desired), 'adfs-legacy');
    expect(configure!.spec).toBe(setHuaweiOidcConfig);
    const outcome = await mapping.run(configure!, 'adfs-legacy');
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error instanceof ValidationError && outcome.error.fieldErrors[0]!.message).toMatch(
      /needs the oidc protocol/,
    );
  });

  it('plans nothing for an ssoType change, and says why', async () => {
    const okta = (await mapping.readOne('okta-workforce'))!;
    const desired = mapping.desiredOf({ ssoType: 'IAM_USER_SSO', description: 'other' });
    const changed = mapping.changedFields(okta, desired);
    expect(changed).toEqual(['description', 'ssoType']);
    expect(estate.operations(okta, desired, changed, okta.key)).toEqual([]);
    expect(estate.warnings?.('update', okta, changed)).toEqual([
      expect.stringMatching(/ssoType only when an identity provider is created/),
    ]);
  });

  it('creates an IdP under the document key, which then compares clean', async () => {
    const { name: _name, ...fields } = CONSOLE_IDP_INPUT;
    const { operations } = await mapping.converge('entra-estate', { ...fields, description: null, ssoType: 'VIRTUAL_USER_SSO' });
    expect(operations.map((op) => [op.spec.operation, op.input.name, 'description' in op.input])).toEqual([
      ['createHuaweiIdentityProvider', 'entra-estate', false],
    ]);
    expect(estate.warnings?.('create', null, [])).toEqual([expect.stringMatching(/its own mapping/)]);
  });

  it('deletes an IdP with its mapping, and says what a re-create cannot restore', async () => {
    const github = (await mapping.readOne('github-actions-ci'))!;
    await mapping.applyAll([estate.deleteOperation!(github)], github.key);
    expect(await mapping.readOne('github-actions-ci')).toBeUndefined();
    expect(estate.warnings?.('delete', github, [])).toEqual([expect.stringMatching(/mapping mapping_github-actions-ci/)]);
  });

  it('refuses what Huawei would refuse, naming the field', () => {
    expect(mapping.entryProblems({ idpUrl: 'http://idp.example.com/oidc' })).toEqual([expect.stringMatching(/^idpUrl: idpUrl .*https/)]);
    expect(mapping.entryProblems({ scope: 'profile email' })).toEqual(['scope: must include openid']);
    expect(mapping.entryProblems({ accessMode: 'CONSOLE' })).toEqual([expect.stringMatching(/^accessMode: must be one of/)]);
    expect(mapping.entryProblems({ name: 'renamed' })).toEqual([expect.stringMatching(/^: Unrecognized key.*name/)]);
    // Console fields under program access: the create's own rules name the field.
    const [create] = estate.operations(
      null,
      mapping.desiredOf({
        accessMode: 'PROGRAM',
        idpUrl: 'https://idp.example.com',
        clientId: 'client-1',
        signingKey: JWKS,
        scope: 'openid',
      }),
      [],
      'new-idp',
    );
    const parsed = create!.spec.input.safeParse(create!.input);
    expect(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'scope: is only used when accessMode is program_console',
    ]);
  });
});
