// The cPanel estate mapping against the real WHM emulator and pipeline: every sample module exports in
// canonical form and plans no change; edited entries (client id and secret, colours, labels, enabled per
// service) run through the pipeline in the order WHM needs and read back as written, then compare clean; an
// unconfigured module is configured; what WHM would refuse fails naming the field. Modules cannot be created
// or deleted, which the mapping says.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { JsonObject } from '../../src/core/vendor-contract/adapter.js';
import { cpanelEstate as estate } from '../../src/vendors/cpanel/estate.js';
import { estateMapping } from '../support/estate-mapping.js';

const mapping = estateMapping('cpanel', estate, 'whm-estate');

describe('cPanel estate', () => {
  it('exports every sample module canonical, parseable, and planning no change', async () => {
    const providers = await mapping.readAll();
    expect(providers.map((p) => p.key).sort()).toEqual(['cpanelid', 'facebook', 'google', 'slack']);
    const exports = mapping.expectExportsPlanClean(providers);
    const google = exports.get('google')!;
    expect(google.clientId).toBe('1234567890-sandbox.apps.googleusercontent.com');
    expect(google).not.toHaveProperty('clientSecret');
    expect(google).not.toHaveProperty('extraFields');
    expect(google.services).toEqual({
      CPANELD: expect.objectContaining({ enabled: true, color: 'dd4b39', textColor: 'ffffff', label: 'Log in via Google' }),
      WEBMAILD: expect.objectContaining({ enabled: false, icon: expect.any(String), iconType: 'image/svg+xml' }),
      WHOSTMGRD: expect.objectContaining({
        enabled: true,
        documentationUrl: 'https://developers.google.com/identity/protocols/OpenIDConnect',
      }),
    });
    // An unconfigured module has no client id to export, and no icon where the module has none.
    const facebook = exports.get('facebook')!;
    expect(facebook).not.toHaveProperty('clientId');
    expect((facebook.services as JsonObject).CPANELD).not.toHaveProperty('icon');
  });

  it('canonical form: colours in lower case, extra fields by key, services in WHM order', () => {
    expect(
      estate.canonical({
        extraFields: [
          { key: 'tenant', value: 'b' },
          { key: 'audience', value: 'a' },
        ],
        services: { WHOSTMGRD: { color: 'AABBCC' }, CPANELD: { textColor: 'FFF', label: 'X' } },
      }),
    ).toEqual({
      extraFields: [
        { key: 'audience', value: 'a' },
        { key: 'tenant', value: 'b' },
      ],
      services: { CPANELD: { textColor: 'fff', label: 'X' }, WHOSTMGRD: { color: 'aabbcc' } },
    });
  });

  it('rotates the secret, changes the client id, buttons and services, in the order WHM needs, then compares clean', async () => {
    const google = (await mapping.readOne('google'))!;
    const exported = estate.exportEntry(google);
    const services = exported.services as Record<string, JsonObject>;
    const edited: JsonObject = {
      ...exported,
      clientId: '555-rotated.apps.googleusercontent.com',
      clientSecret: 'rotated-google-secret-42',
      services: {
        CPANELD: { ...services.CPANELD, color: 'AA3300' },
        WEBMAILD: { ...services.WEBMAILD, enabled: true },
        WHOSTMGRD: { ...services.WHOSTMGRD, enabled: false, label: 'WHM sign-in with Google' },
      },
    };
    const { changed, operations } = await mapping.converge('google', edited);
    expect(changed).toEqual(['clientId', 'clientSecret', 'services']);
    expect(mapping.summary(operations)).toEqual([
      ['setCpanelProviderEnabled', { service: 'whostmgrd', enabled: false }],
      [
        'setCpanelClientConfiguration',
        { service: 'cpaneld', clientId: '555-rotated.apps.googleusercontent.com', clientSecret: 'rotated-google-secret-42' },
      ],
      ['setCpanelDisplayConfiguration', { service: 'cpaneld', color: 'aa3300' }],
      ['setCpanelDisplayConfiguration', { service: 'whostmgrd', label: 'WHM sign-in with Google' }],
      ['setCpanelProviderEnabled', { service: 'webmaild', enabled: true }],
    ]);
    expect(estate.warnings?.('update', google, changed)).toEqual([expect.stringMatching(/replaces the whole client configuration/)]);
  });

  it('changes only what a partial entry names: other fields and services keep their values', async () => {
    const before = (await mapping.readOne('cpanelid'))!;
    const { operations, after } = await mapping.converge(
      'cpanelid',
      { services: { WEBMAILD: { displayName: 'cPanel Store ID' } } },
      { partial: true },
    );
    expect(mapping.summary(operations)).toEqual([
      ['setCpanelDisplayConfiguration', { service: 'webmaild', displayName: 'cPanel Store ID' }],
    ]);
    const [was, now] = [before, after].map((p) => estate.exportEntry(p).services as Record<string, JsonObject>);
    expect(now!.CPANELD).toEqual(was!.CPANELD);
    expect(now!.WEBMAILD).toEqual({ ...was!.WEBMAILD, displayName: 'cPanel Store ID' });
    expect(after.clientId).toBe(before.clientId);
    expect(after.secretFingerprints).toEqual(before.secretFingerprints);
    // A partial service that matches the provider: nothing to send, and no warning (nothing the vendor refuses).
    const same = mapping.desiredOf({ services: { CPANELD: { enabled: true } } });
    expect(estate.operations(after, same, ['services'], 'cpanelid')).toEqual([]);
  });

  it('configures an unconfigured module and enables it; a first configuration needs the secret too', async () => {
    const facebook = (await mapping.readOne('facebook'))!;
    // Without the secret: the mutation's own check names the field (the plan places it in the document).
    const half = estate.operations(facebook, mapping.desiredOf({ clientId: 'fb-app-1' }), ['clientId'], 'facebook');
    expect(mapping.summary(half)).toEqual([['setCpanelClientConfiguration', { service: 'cpaneld', clientId: 'fb-app-1' }]]);
    const refused = await mapping.run(half[0]!, 'facebook', { dryRun: true });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toBeInstanceOf(ValidationError);
    expect((refused.error as ValidationError).fieldErrors.map((error) => error.path)).toEqual([['clientSecret']]);

    const { operations, after } = await mapping.converge(
      'facebook',
      {
        clientId: 'fb-app-1',
        clientSecret: 'fb-secret-1',
        services: { CPANELD: { enabled: true } },
      },
      { partial: true },
    );
    expect(operations.map((op) => op.spec.operation)).toEqual(['setCpanelClientConfiguration', 'setCpanelProviderEnabled']);
    expect(after.details).toMatchObject({ configured: true, enabledServices: ['cpaneld'] });
  });

  it('cannot create or delete a module, and says so', () => {
    expect(estate.createKey).toBeNull();
    expect(estate.deleteOperation).toBeUndefined();
    expect(estate.secretFields).toEqual({ clientSecret: 'clientSecret' });
    expect(estate.warnings?.('delete', null, [])).toEqual([expect.stringMatching(/cannot remove/)]);
    expect(estate.warnings?.('update', null, ['services'])).toEqual([]);
  });

  it('refuses what WHM would refuse, naming the field', () => {
    expect(mapping.entryProblems({ services: { CPANELD: { documentationUrl: 'http://docs.example/login' } } })).toEqual([
      expect.stringMatching(/^services\.CPANELD\.documentationUrl: documentationUrl .*https/),
    ]);
    expect(mapping.entryProblems({ services: { WEBMAILD: { color: '#dd4b39' } } })).toEqual([
      expect.stringMatching(/^services\.WEBMAILD\.color: color must be 3 to 6 hexadecimal digits/),
    ]);
    expect(mapping.entryProblems({ clientId: null })).toEqual([expect.stringMatching(/^clientId: clientId cannot be cleared/)]);
    expect(mapping.entryProblems({ services: { WHOSTMGRD: { label: null } } })).toEqual([
      expect.stringMatching(/^services\.WHOSTMGRD\.label: label cannot be cleared/),
    ]);
    expect(mapping.entryProblems({ services: { whm: { enabled: true } } })).toEqual([
      expect.stringMatching(/^services: Unrecognized key.*whm/),
    ]);
    expect(mapping.entryProblems({ enabled: true })).toEqual([expect.stringMatching(/^: Unrecognized key.*enabled/)]);
    expect(mapping.entryProblems({ extraFields: [{ key: 'bad key', value: 'x' }] })).toEqual([
      expect.stringMatching(/^extraFields\.0\.key: key must be/),
    ]);
  });
});
