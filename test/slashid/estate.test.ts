// The SlashID estate mapping against the real emulator and pipeline: every sample credential exports in
// canonical form and plans no change; edited entries (a secret, options, a flag) run through the pipeline and
// read back as written, then compare clean; a create and a delete; what SlashID would refuse fails naming the field.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/vendor-contract/adapter.js';
import { slashIdEstate as estate } from '../../src/vendors/slashid/estate.js';
import { estateMapping } from '../support/estate-mapping.js';
import { APPLE_ID, AZURE_ID, GOOGLE_ID, OKTA_ID } from './support.js';

const mapping = estateMapping('slashid', estate, 'sid-estate');

describe('SlashID estate', () => {
  it('exports every sample credential canonical, parseable, and planning no change', async () => {
    const providers = await mapping.readAll();
    expect(providers.map((p) => p.key)).toEqual(expect.arrayContaining([GOOGLE_ID, AZURE_ID, OKTA_ID, APPLE_ID]));
    const exports = mapping.expectExportsPlanClean(providers);
    expect(exports.get(APPLE_ID)).toEqual({
      provider: 'apple',
      label: 'Apple',
      externalCredId: null,
      enableInSlashidOidcAuthzServer: false,
      options: { teamId: 'TEAM123456', keyId: 'KEYID98765', secretLifetime: '2160h' },
    });
  });

  it('canonical form: empty strings, scope order and duplicates, nulls in options, the Apple lifetime default', () => {
    expect(estate.canonical({ provider: 'github', label: '', options: { authorizeScopes: ['b', 'a', 'b'], tenant: null } })).toEqual({
      provider: 'github',
      label: null,
      options: { authorizeScopes: ['a', 'b'] },
    });
    expect(estate.canonical({ provider: 'google', options: { authorizeScopes: [] } })).toEqual({ provider: 'google', options: {} });
    expect(estate.canonical({ provider: 'apple', options: { teamId: 'TEAM123456' } })).toEqual({
      provider: 'apple',
      options: { teamId: 'TEAM123456', secretLifetime: '720h0m0s' },
    });
  });

  it('rotates the client secret and changes the label, a flag and the scopes in one update; then compares clean', async () => {
    const google = (await mapping.readOne(GOOGLE_ID))!;
    const edited = {
      ...estate.exportEntry(google),
      label: 'Google (all staff)',
      enableInSlashidOidcAuthzServer: false,
      clientSecret: 'ESTATE-ROTATED-SECRET-5c1e',
      options: { authorizeScopes: ['https://www.googleapis.com/auth/calendar.readonly', 'https://www.googleapis.com/auth/drive.readonly'] },
    };
    const desired = mapping.desiredOf(edited);
    expect(mapping.changedFields(google, desired)).toEqual(['clientSecret', 'enableInSlashidOidcAuthzServer', 'label', 'options']);
    expect(estate.warnings?.('update', google, mapping.changedFields(google, desired))).toEqual([
      expect.stringMatching(/never returns the client secret/),
    ]);
    const { operations } = await mapping.converge(GOOGLE_ID, edited);
    expect(operations.map((op) => op.spec.operation)).toEqual(['updateSlashIdOidcCredential']);
    // Only what changed is sent.
    expect(operations[0]!.input).toEqual({
      clientSecret: 'ESTATE-ROTATED-SECRET-5c1e',
      label: 'Google (all staff)',
      enableInSlashidOidcAuthzServer: false,
      options: { authorizeScopes: edited.options.authorizeScopes },
    });
    expect(mapping.gateway.emulator.credential(GOOGLE_ID)?.client_secret).toBe('ESTATE-ROTATED-SECRET-5c1e');
  });

  it('resets an option the document no longer names, and clears an external id', async () => {
    const azure = (await mapping.readOne(AZURE_ID))!;
    expect(estate.exportEntry(azure).options).toEqual({ tenant: 'contoso.onmicrosoft.com' });
    const { operations } = await mapping.converge(AZURE_ID, { ...estate.exportEntry(azure), externalCredId: null, options: {} });
    expect(operations[0]!.input).toEqual({ externalCredId: null, options: { tenant: null } });
  });

  it('changes an Apple option without the private key (SlashID keeps the key it has)', async () => {
    const apple = (await mapping.readOne(APPLE_ID))!;
    const exported = estate.exportEntry(apple);
    const { operations, after } = await mapping.converge(APPLE_ID, {
      ...exported,
      options: { ...(exported.options as JsonObject), keyId: 'NEWKEY0001' },
    });
    expect(operations[0]!.input).toEqual({ options: { keyId: 'NEWKEY0001' } });
    expect(after.secretFingerprints['options.privateKey']).toBe(apple.secretFingerprints['options.privateKey']);
  });

  it('creates a credential under the document key, and it then compares clean with its secret', async () => {
    const written = {
      provider: 'gitlab',
      clientSecret: 'ESTATE-GITLAB-SECRET-77f0',
      label: 'GitLab (ops)',
      externalCredId: 'ext-gitlab',
      enableInSlashidOidcAuthzServer: true,
      options: { authorizeScopes: ['read_api'] },
    };
    const { operations } = await mapping.converge('gitlab-estate-1', written);
    expect(operations.map((op) => [op.spec.operation, op.input.clientId])).toEqual([['createSlashIdOidcCredential', 'gitlab-estate-1']]);
    expect(estate.createKey).toBe('document');
  });

  it('deletes a credential, and warns that it cannot be restored', async () => {
    const okta = (await mapping.readOne(OKTA_ID))!;
    const remove = estate.deleteOperation!(okta);
    expect(remove.spec.operation).toBe('deleteSlashIdOidcCredential');
    await mapping.applyAll([remove], OKTA_ID);
    expect(await mapping.readOne(OKTA_ID)).toBeUndefined();
    expect(estate.warnings?.('delete', okta, [])).toEqual([expect.stringMatching(/cannot be restored/)]);
  });

  it('plans nothing for a provider change, and says why', async () => {
    const google = (await mapping.readOne(GOOGLE_ID))!;
    const desired = mapping.desiredOf({ ...estate.exportEntry(google), provider: 'gitlab', label: 'other' });
    const changed = mapping.changedFields(google, desired);
    expect(changed).toEqual(['label', 'provider']);
    expect(estate.operations(google, desired, changed, google.key)).toEqual([]);
    expect(estate.warnings?.('update', google, changed)).toEqual([expect.stringMatching(/provider of a SlashID credential cannot change/)]);
  });

  it('refuses what SlashID would refuse, naming the field', () => {
    expect(mapping.entryProblems({ provider: 'okta', options: { organizationUrl: 'http://acme.okta.com' } })).toEqual([
      expect.stringMatching(/^options\.organizationUrl: .*https/),
    ]);
    expect(mapping.entryProblems({ provider: 'google', options: { tenant: 'common' } })).toEqual([
      'options.tenant: tenant is an option of azuread credentials, not of google',
    ]);
    expect(mapping.entryProblems({ provider: 'google', enableInSlashidOidcAuthzServer: null })).toEqual([
      'enableInSlashidOidcAuthzServer: enableInSlashidOidcAuthzServer must be true or false',
    ]);
    expect(mapping.entryProblems({ label: 'no provider' })).toEqual([expect.stringMatching(/^provider: /)]);
    // An Apple create without its key: the create's own rules name it.
    const [create] = estate.operations(
      null,
      mapping.desiredOf({ provider: 'apple', clientSecret: 's', options: { teamId: 'TEAM123456', keyId: 'KEYID98765' } }),
      [],
      'com.example.new',
    );
    const parsed = create!.spec.input.safeParse(create!.input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['options.privateKey']);
  });
});
