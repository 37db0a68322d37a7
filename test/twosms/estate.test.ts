// The 2sms estate mapping against the real emulator and pipeline: every sample provider exports in canonical
// form and plans no change (a bare-domain provider the input rules refuse is left out); edited entries run
// through the pipeline and read back as written, then compare clean; a create under the vendor's key and a
// delete, with the verification step in the warnings; what 2sms would refuse fails naming the field.
import { describe, expect, it } from 'vitest';
import { CONTOSO_CERT, FABRIKAM_CERT } from '../../src/vendors/twosms/emulator/sample-data.js';
import { twoSmsEstate as estate } from '../../src/vendors/twosms/estate.js';
import { estateMapping } from '../support/estate-mapping.js';
import { CONTOSO_ID, FABRIKAM_ID, NORTHWIND_ID } from './support.js';

const mapping = estateMapping('twosms', estate, 'sms-estate');

describe('2sms estate', () => {
  it('exports every sample provider canonical, parseable, and planning no change', async () => {
    const providers = await mapping.readAll();
    expect(providers.map((p) => p.key)).toEqual(expect.arrayContaining([NORTHWIND_ID, CONTOSO_ID, FABRIKAM_ID]));
    const exports = mapping.expectExportsPlanClean(providers);
    // The sample's bare domain is no absolute URI: left out rather than exported as a document the rules refuse.
    expect(exports.get(FABRIKAM_ID)).toEqual({
      name: 'Fabrikam Okta (pending)',
      loginUrl: 'https://fabrikam.okta.example/app/2sms/sso/saml',
      logoutUrl: 'https://fabrikam.okta.example/login/signout',
      certificate: null,
    });
  });

  it('canonical form: trimmed strings, a blank certificate is none', () => {
    expect(estate.canonical({ name: '  Northwind  ', certificate: '' })).toEqual({ name: 'Northwind', certificate: null });
    expect(mapping.desiredOf({ certificate: '   ' })).toEqual({ certificate: null });
  });

  it('updates name, login URL, certificate and the entity id in one update, then compares clean', async () => {
    const northwind = (await mapping.readOne(NORTHWIND_ID))!;
    const edited = {
      ...estate.exportEntry(northwind),
      name: 'Northwind Traders (all staff)',
      provider: 'https://northwind.example',
      loginUrl: 'https://idp.northwind.example/saml2/sso-v2',
      certificate: CONTOSO_CERT,
    };
    const desired = mapping.desiredOf(edited);
    const changed = mapping.changedFields(northwind, desired);
    expect(changed).toEqual(['certificate', 'loginUrl', 'name', 'provider']);
    expect(estate.warnings?.('update', northwind, changed)).toEqual([expect.stringMatching(/verifyTwoSmsDomain/)]);
    const { operations, after } = await mapping.converge(NORTHWIND_ID, edited);
    expect(operations.map((op) => [op.spec.operation, Object.keys(op.input).sort()])).toEqual([
      ['updateTwoSmsIdentityProvider', ['certificate', 'loginUrl', 'name', 'provider']],
    ]);
    // The same domain: 2sms keeps it verified.
    expect(after.details).toMatchObject({ domain: 'northwind.example', verified: true });
  });

  it('removes a certificate with null, leaving the other fields alone', async () => {
    const contoso = (await mapping.readOne(CONTOSO_ID))!;
    const { operations } = await mapping.converge(CONTOSO_ID, { name: String(contoso.details.name), certificate: null });
    expect(operations[0]!.input).toEqual({ certificate: null });
  });

  it('creates a provider under the key 2sms assigns, which then compares clean; its domain needs verifying', async () => {
    const written = {
      name: 'Tailwind SSO',
      provider: 'https://tailwind.example/saml',
      loginUrl: 'https://login.tailwind.example/saml/sso',
      logoutUrl: 'https://login.tailwind.example/saml/slo',
      certificate: FABRIKAM_CERT,
    };
    expect(estate.createKey).toBe('vendor');
    const { operations, after } = await mapping.converge(null, written);
    expect(operations.map((op) => op.spec.operation)).toEqual(['createTwoSmsIdentityProvider']);
    expect(after.details).toMatchObject({ domain: 'tailwind.example', verified: false });
    expect(estate.warnings?.('create', null, Object.keys(written))).toEqual([expect.stringMatching(/verifyTwoSmsDomain/)]);
  });

  it('deletes a provider, and warns that it cannot come back as it was', async () => {
    const fabrikam = (await mapping.readOne(FABRIKAM_ID))!;
    const remove = estate.deleteOperation!(fabrikam);
    expect(remove.spec.operation).toBe('deleteTwoSmsIdentityProvider');
    await mapping.applyAll([remove], FABRIKAM_ID);
    expect(await mapping.readOne(FABRIKAM_ID)).toBeUndefined();
    expect(estate.warnings?.('delete', fabrikam, [])).toEqual([expect.stringMatching(/new id/)]);
  });

  it('refuses what 2sms would refuse, naming the field', () => {
    expect(mapping.entryProblems({ loginUrl: 'http://login.example/sso' })).toEqual([expect.stringMatching(/^loginUrl: loginUrl .*https/)]);
    expect(mapping.entryProblems({ provider: 'northwind.example' })).toEqual([
      expect.stringMatching(/^provider: provider must be an absolute URI/),
    ]);
    expect(mapping.entryProblems({ name: '' })).toEqual([expect.stringMatching(/^name: must not be empty/)]);
    expect(mapping.entryProblems({ certificate: 'not a certificate' })).toEqual([
      expect.stringMatching(/^certificate: must be an X.509 certificate/),
    ]);
    expect(mapping.entryProblems({ enabled: true })).toEqual([expect.stringMatching(/^: Unrecognized key.*enabled/)]);
    // A create without what 2sms requires: the create's own rules name each field.
    const [create] = estate.operations(null, mapping.desiredOf({ name: 'Half' }), ['name'], null);
    const parsed = create!.spec.input.safeParse(create!.input);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['loginUrl', 'logoutUrl', 'provider']);
  });
});
