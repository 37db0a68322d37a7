// The four 2sms mutation specs, run in the pipeline's order (parse input, check against the live provider,
// plan, apply) against the emulator: bad inputs never reach the vendor, and a partial update sends the merged whole.
import { describe, expect } from 'vitest';
import type { MutationSpec, NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { ValidationError } from '../../src/core/errors.js';
import type { TwoSmsAdapter } from '../../src/vendors/twosms/adapter.js';
import {
  createTwoSmsIdentityProvider,
  deleteTwoSmsIdentityProvider,
  mergeUpdate,
  twoSmsMutations,
  updateTwoSmsIdentityProvider,
  verifyTwoSmsDomain,
} from '../../src/vendors/twosms/mutations.js';
import { CONTOSO_CERT, FABRIKAM_CERT, NORTHWIND_CERT } from '../../src/vendors/twosms/emulator/sample-data.js';
import { calls, CONTOSO_ID, FABRIKAM_ID, type Fixture, it, NORTHWIND_ID } from './support.js';

/** What the pipeline does, minus audit and snapshots: validate, read live, check, plan, apply, read back. */
async function run<I>(fx: Fixture, spec: MutationSpec<TwoSmsAdapter, I>, key: string | null, raw: unknown) {
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })));
  }
  const current = key ? await fx.adapter.get(key) : null;
  const problems = spec.check?.(current, parsed.data) ?? [];
  if (problems.length > 0) throw new ValidationError(problems);
  const plan = await spec.plan(fx.adapter, current, parsed.data, fx.context);
  const applied = await spec.apply(fx.adapter, plan, current, parsed.data);
  return { applied, after: await fx.adapter.get(applied.providerKey) };
}

function fieldErrors(spec: MutationSpec<TwoSmsAdapter, unknown>, raw: unknown) {
  const parsed = spec.input.safeParse(raw);
  expect(parsed.success).toBe(false);
  return parsed.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

const createInput = {
  name: 'Tailwind SSO',
  provider: 'https://tailwind.example',
  loginUrl: 'https://login.tailwind.example/saml/sso',
  logoutUrl: 'https://login.tailwind.example/saml/slo',
  certificate: FABRIKAM_CERT,
};

describe('specs', () => {
  it('name the GraphQL mutations and hold no secret fields (2sms SAML providers have none)', () => {
    expect(twoSmsMutations.map((s) => [s.operation, s.kind, s.secretFields])).toEqual([
      ['createTwoSmsIdentityProvider', 'create', []],
      ['updateTwoSmsIdentityProvider', 'update', []],
      ['deleteTwoSmsIdentityProvider', 'delete', []],
      ['verifyTwoSmsDomain', 'update', []],
    ]);
  });
});

describe('validation, before any vendor call', () => {
  it('create: each field is named in its error', ({ fx }) => {
    const errors = fieldErrors(createTwoSmsIdentityProvider as MutationSpec<TwoSmsAdapter, unknown>, {
      name: '  ',
      loginUrl: 'login.example/sso',
      logoutUrl: 'ftp://x.example/',
      certificate: 'MIIB-not-a-cert',
      domain: 'x.example',
    });
    expect(errors.map((e) => e.path)).toEqual(['name', 'provider', 'loginUrl', 'logoutUrl', 'certificate', '']);
    expect(errors.find((e) => e.path === 'loginUrl')!.message).toBe(
      'loginUrl must be an absolute https:// URL, e.g. https://idp.example.com/authorize',
    );
    expect(errors.find((e) => e.path === 'certificate')!.message).toBe('must be an X.509 certificate (PEM or base64 DER)');
    expect(errors.at(-1)!.message).toMatch(/domain/);
    expect(fx.emulator.requests).toEqual([]);
  });

  it('update: required vendor fields cannot be cleared; the certificate can', ({ fx }) => {
    const spec = updateTwoSmsIdentityProvider as MutationSpec<TwoSmsAdapter, unknown>;
    expect(fieldErrors(spec, { name: null, loginUrl: '' })).toEqual([
      { path: 'name', message: 'must be a string: 2sms requires a name and it cannot be cleared' },
      { path: 'loginUrl', message: 'must not be empty: 2sms requires a login URL' },
    ]);
    expect(spec.input.safeParse({ certificate: null }).success).toBe(true);
    expect(fx.emulator.requests).toEqual([]);
  });

  it('delete and verify take no fields', () => {
    expect(fieldErrors(deleteTwoSmsIdentityProvider as MutationSpec<TwoSmsAdapter, unknown>, { force: true })[0]!.message).toMatch(/force/);
    expect(verifyTwoSmsDomain.input.safeParse({}).success).toBe(true);
  });

  it('update check: a field 2sms reads back empty must come with the input', () => {
    const current: NormalizedProvider = {
      key: CONTOSO_ID,
      displayName: 'x',
      protocol: 'SAML',
      enabled: false,
      clientId: null,
      secretFingerprints: {},
      details: { name: 'x', provider: 'x.example', signOnUrl: null, logoutUrl: '', certificate: null },
    };
    expect(updateTwoSmsIdentityProvider.check!(current, { name: 'y' }).map((e) => e.path)).toEqual([['loginUrl'], ['logoutUrl']]);
    expect(updateTwoSmsIdentityProvider.check!(current, { loginUrl: 'https://a.example/', logoutUrl: 'https://a.example/' })).toEqual([]);
  });
});

describe('apply, against the emulator', () => {
  it('create: posts BaseSSO, finds the new ID, reads it back unverified', async ({ fx }) => {
    const { applied, after } = await run(fx, createTwoSmsIdentityProvider, null, { ...createInput, name: ' Tailwind SSO ' });
    expect(after).toMatchObject({
      key: applied.providerKey,
      enabled: false,
      details: { domain: 'tailwind.example', verified: false, signOnUrl: createInput.loginUrl },
    });
    expect(JSON.parse(fx.emulator.requests[1]!.body)).toMatchObject({ Name: 'Tailwind SSO', Certificate: FABRIKAM_CERT });
  });

  it('create without a certificate sends Certificate null', async ({ fx }) => {
    const { certificate: _omit, ...rest } = createInput;
    await run(fx, createTwoSmsIdentityProvider, null, rest);
    expect(JSON.parse(fx.emulator.requests[1]!.body).Certificate).toBeNull();
  });

  it('create: a vendor-side duplicate domain is a field error on provider', async ({ fx }) => {
    const error = await run(fx, createTwoSmsIdentityProvider, null, { ...createInput, provider: 'https://tailspin.example' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors[0]!.path).toEqual(['provider']);
  });

  it('update is partial: the PUT carries the current values of every field left out', async ({ fx }) => {
    await run(fx, updateTwoSmsIdentityProvider, NORTHWIND_ID, { logoutUrl: 'https://idp.northwind.example/saml2/logout' });
    expect(calls(fx.emulator).slice(2)).toEqual([
      `PUT /api/v2/admin/identityproviders/${NORTHWIND_ID}`,
      'GET /api/v1/admin/identityproviders?Name=',
    ]);
    expect(JSON.parse(fx.emulator.requests[2]!.body)).toEqual({
      ID: NORTHWIND_ID,
      Name: 'Northwind Traders SSO',
      Provider: 'northwind.example',
      LoginUrl: 'https://idp.northwind.example/saml2/sso',
      LogoutUrl: 'https://idp.northwind.example/saml2/logout',
      Certificate: NORTHWIND_CERT,
    });
    // Same domain: the verification and the SAML flags stay.
    expect(fx.emulator.state.find(NORTHWIND_ID)).toMatchObject({ Verified: true, Enabled: true, SignAuthnRequest: true });
  });

  it('update: certificate null removes it, a new one replaces it', async ({ fx }) => {
    const cleared = await run(fx, updateTwoSmsIdentityProvider, CONTOSO_ID, { certificate: null });
    expect(cleared.after?.details).toMatchObject({ certificate: null, certificateExpiry: null });
    const replaced = await run(fx, updateTwoSmsIdentityProvider, CONTOSO_ID, { certificate: CONTOSO_CERT });
    expect(replaced.after?.details.certificateExpiry).toBe('2028-10-24T04:39:14.000Z');
  });

  it('mergeUpdate maps the read names back to the request names', () => {
    const current = {
      key: 'k',
      displayName: 'n',
      protocol: 'SAML',
      enabled: true,
      clientId: null,
      secretFingerprints: {},
      details: { name: 'n', provider: 'p.example', signOnUrl: 'https://s/', logoutUrl: 'https://l/', certificate: 'C' },
    } as const;
    expect(mergeUpdate({ ...current, details: { ...current.details } }, { name: 'm' })).toEqual({
      name: 'm',
      provider: 'p.example',
      loginUrl: 'https://s/',
      logoutUrl: 'https://l/',
      certificate: 'C',
    });
  });

  it('delete removes the provider', async ({ fx }) => {
    const { applied, after } = await run(fx, deleteTwoSmsIdentityProvider, FABRIKAM_ID, {});
    expect(applied.providerKey).toBe(FABRIKAM_ID);
    expect(after).toBeNull();
    expect(calls(fx.emulator)).toContain(`DELETE /api/v1/admin/identityproviders/${FABRIKAM_ID}`);
    expect(fx.emulator.state.find(FABRIKAM_ID)).toBeUndefined();
  });

  it('verify marks a published domain verified; an unpublished one fails with VerificationFailed', async ({ fx }) => {
    const { after } = await run(fx, verifyTwoSmsDomain, FABRIKAM_ID, {});
    expect(after).toMatchObject({ enabled: true, details: { verified: true } });
    await expect(run(fx, verifyTwoSmsDomain, CONTOSO_ID, {})).rejects.toMatchObject({ vendorCode: 'VerificationFailed' });
  });
});
