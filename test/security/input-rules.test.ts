// The rules every mutation input obeys whatever its vendor (src/core/input-rules.ts and its helpers): every
// string without control characters (\n, \r, \t only where a field declares them) and within its length
// range, one rule for configuration URLs (https://, a host, no user name or password), SAML entity ids as
// absolute URIs, public-only JWKS, and no empty updates.
// First the helpers on their own; then a table over EVERY registered mutation and every free-text field of its
// GraphQL input type (nested objects and list items included, the pipeline options too), sent through one
// gateway to the five emulators: a NUL, a BEL, one character over the field's cap (and under its minimum),
// for URL fields http:// and user info, for a JWKS a private key. Each must be a ValidationError naming that
// field, with no 5xx and not a single request reaching a vendor. A new mutation is covered by the table
// automatically (its valid example in mutation-bases.ts is required by a test).
import {
  getNamedType,
  getNullableType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationSpec, VendorAdapter } from '../../src/core/vendor-contract/adapter.js';
import { entityIdProblem, samlEntityId } from '../../src/core/inputs/entity-id.js';
import { httpsConfigUrl, httpsUrlProblem, MAX_CONFIG_URL_LENGTH } from '../../src/core/inputs/https-url.js';
import {
  checkMutationInput,
  stringRulesOf,
  checkPipelineOptions,
  MAX_EXPECTED_VERSION_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../../src/core/inputs/input-rules.js';
import { MAX_INPUT_LIST_ITEMS } from '../../src/core/inputs/list-rules.js';
import { privateJwkProblems } from '../../src/core/inputs/public-jwks.js';
import { controlCharacterProblem, DEFAULT_MAX_STRING_LENGTH, lengthProblem } from '../../src/core/inputs/string-rules.js';
import { vendorMutations } from '../../src/graphql/schema.js';
import { schema } from '../../src/graphql/schema.js';
import { SAMPLE_CA_CERTIFICATE } from '../../src/vendors/akamai/emulator/sandbox.js';
import { setHuaweiOidcConfig } from '../../src/vendors/huawei/mutations.js';
import { STORE_KINDS } from '../support/stores.js';
import { PUBLIC_JWKS, sampleProviderIds, validMutationInputs } from './mutation-bases.js';
import { distinctive, fiveVendorGateway } from './vendors.js';

type AnySpec = MutationSpec<VendorAdapter, unknown>;
const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const spec = (operation: string) => vendorMutations.get(operation)!.spec as AnySpec;

/** A fake spec for the unit tests of checkMutationInput. */
const fake = (extra: Partial<AnySpec> = {}): AnySpec => ({ operation: 'fake', kind: 'create', secretFields: [], ...extra }) as AnySpec;

const PRIVATE = {
  rsa: '{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB","d":"X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH-HLLKD9M7dx5oo7GURknchnrRweUkC7hT5fJLM0WbFAKNLWY2vv7B6NqXSzUvxT0_YSfqijwp3RTzlBaCxWp4doFk5N2o8Gy_nHNKroADIkJ46pRUohsXywbReAdYaMwFs9tv8d_cPVY3i07a3t8MN6TNwm0dSawm9v47UiCl3Sk5ZiG7xojPLu4sbg1U2jx4IBTNBznbJSzFHK66jT8bgkuqsk0GjskDJk19Z4qwjwbsnn4j2WBii3RL-Us2lGVkY8fkFzme1z0HbIkfz0Y6mqnOYtqc0X4jfcKoAC8Q"}]}',
  ec: '{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}]}',
  oct: '{"keys":[{"kty":"oct","kid":"hmac","k":"GawgguFyGrWKav7AX4VKUg"}]}',
};

// ---- the helpers on their own -------------------------------------------------------------------------------

describe('string rules', () => {
  it('name the first control character and its position (1 = the first character)', () => {
    expect(controlCharacterProblem('ab\u0000cd')).toBe('must not contain control characters (found U+0000 at position 3)');
    expect(controlCharacterProblem('bell\u0007')).toBe('must not contain control characters (found U+0007 at position 5)');
    expect(controlCharacterProblem('\u007f')).toBe('must not contain control characters (found U+007F at position 1)');
    expect(controlCharacterProblem('one\nline')).toBe('must not contain control characters (found U+000A at position 4)');
    expect(controlCharacterProblem('plain text, é, 👩‍👩‍👧, \u0080, \u2028')).toBeNull();
  });

  it('let a multiline field hold \\n, \\r and \\t, and nothing else', () => {
    expect(controlCharacterProblem('-----BEGIN CERTIFICATE-----\r\nMIIB\t\n-----END CERTIFICATE-----\n', true)).toBeNull();
    expect(controlCharacterProblem('line\n\u0000', true)).toBe(
      'must not contain control characters other than line breaks and tabs (found U+0000 at position 6)',
    );
    expect(controlCharacterProblem('\u000b', true)).toMatch(/found U\+000B/);
  });

  it('say the range and the length found', () => {
    expect(lengthProblem('x'.repeat(200_000), 0, 255)).toBe('must be at most 255 characters (has 200000)');
    expect(lengthProblem('abc', 10, 255)).toBe('must be at least 10 characters (has 3)');
    expect(lengthProblem('', 1, 255)).toBe('must be at least 1 character (has 0)');
    expect(lengthProblem('x'.repeat(DEFAULT_MAX_STRING_LENGTH))).toBeNull();
    expect(lengthProblem('x'.repeat(DEFAULT_MAX_STRING_LENGTH + 1))).toBe('must be at most 1024 characters (has 1025)');
  });
});

describe('checkMutationInput', () => {
  it('checks every string, nested and in lists, and names its exact path', () => {
    const input = {
      name: 'ok',
      options: { organizationUrl: 'https://a\u0000.example' },
      idpCertificateChain: ['fine', 'x\u0007y'],
      flag: true,
      count: 3,
      none: null,
    };
    expect(checkMutationInput(fake(), input)).toEqual([
      { path: ['options', 'organizationUrl'], message: 'must not contain control characters (found U+0000 at position 10)' },
      { path: ['idpCertificateChain', '1'], message: 'must not contain control characters (found U+0007 at position 2)' },
    ]);
  });

  it('takes each field its declared range, by dotted path with * for list items, and the default cap elsewhere', () => {
    const withRules = fake({
      strings: { idpUrl: { min: 10, max: 255 }, 'extraFields.*.value': { max: 4 }, 'chain.*': { max: 16 * 1024, multiline: true } },
    });
    expect(checkMutationInput(withRules, { idpUrl: 'https://x' })).toEqual([
      { path: ['idpUrl'], message: 'must be at least 10 characters (has 9)' },
    ]);
    expect(checkMutationInput(withRules, { idpUrl: 'x'.repeat(256) })).toEqual([
      { path: ['idpUrl'], message: 'must be at most 255 characters (has 256)' },
    ]);
    expect(
      checkMutationInput(withRules, {
        extraFields: [
          { key: 'a', value: 'abcd' },
          { key: 'b', value: 'abcde' },
        ],
      }),
    ).toEqual([{ path: ['extraFields', '1', 'value'], message: 'must be at most 4 characters (has 5)' }]);
    expect(checkMutationInput(withRules, { chain: ['x'.repeat(10_000)], other: 'x'.repeat(1024) })).toEqual([]);
    expect(checkMutationInput(withRules, { other: 'x'.repeat(1025) })).toEqual([
      { path: ['other'], message: 'must be at most 1024 characters (has 1025)' },
    ]);
    expect(checkMutationInput(withRules, { chain: ['a\r\n\tb'], other: 'a\nb' })).toEqual([
      { path: ['other'], message: 'must not contain control characters (found U+000A at position 2)' },
    ]);
  });

  it('refuses a member name of a JSON field with a control character on its object (the name never becomes a path)', () => {
    expect(checkMutationInput(fake(), { authnContext: { comparison: 'exact', 'class\u0000': ['x'] } })).toEqual([
      { path: ['authnContext'], message: 'a member name must not contain control characters (found U+0000 at position 6)' },
    ]);
  });

  it('walks any depth without recursion and reports at most 50 problems', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = { inner: deep };
    const [problem] = checkMutationInput(fake(), { deep } as Record<string, unknown>);
    expect(problem!.path).toHaveLength(100_001);
    expect(checkMutationInput(fake(), { many: Array.from({ length: 1000 }, () => '\u0000') })).toHaveLength(50);
  });

  it('refuses an update that changes nothing; null counts (it clears), control fields do not', () => {
    const update = fake({ kind: 'update', controlFields: ['service', 'requiredConsistency'] });
    const empty = [{ path: [], message: 'give at least one field to change' }];
    expect(checkMutationInput(update, {})).toEqual(empty);
    expect(checkMutationInput(update, { service: 'cpaneld', requiredConsistency: 'all_regions', label: undefined })).toEqual(empty);
    expect(checkMutationInput(update, { service: 'cpaneld', label: null })).toEqual([]);
    expect(checkMutationInput(update, { enabled: false })).toEqual([]);
    expect(checkMutationInput(fake({ kind: 'update', takesNoFields: true }), {})).toEqual([]);
    expect(checkMutationInput(fake({ kind: 'create' }), {})).toEqual([]);
    expect(checkMutationInput(fake({ kind: 'delete' }), { requiredConsistency: 'local_region' })).toEqual([]);
  });

  it('decides the empty update for every vendor in core: only an action that takes no fields is exempt', () => {
    const updates = [...vendorMutations.values()].map((m) => m.spec as AnySpec).filter((s) => s.kind === 'update');
    const exempt = updates.filter((s) => checkMutationInput(s, {}).length === 0).map((s) => s.operation);
    expect(exempt).toEqual(['verifyTwoSmsDomain']);
    expect(spec('setCpanelDisplayConfiguration').controlFields).toEqual(['service']);
    expect(checkMutationInput(spec('setCpanelClientConfiguration'), { service: 'cpaneld' })).toEqual([
      { path: [], message: 'give at least one field to change' },
    ]);
    expect(
      checkMutationInput(spec('updateSlashIdOidcCredential'), { requiredConsistency: 'all_regions', requiredConsistencyTimeout: 30 }),
    ).toHaveLength(1);
    expect(checkMutationInput(spec('updateHuaweiIdentityProvider'), {})).toHaveLength(1);
    expect(checkMutationInput(spec('updateHuaweiIdentityProvider'), { description: null })).toEqual([]);
  });

  it('declares string rules only on fields the mutation has (a typo would silently fall back to the defaults)', () => {
    for (const [operation, { spec: s }] of vendorMutations) {
      const type = schema.getType(`${capitalize(operation)}Input`) as GraphQLInputObjectType;
      const known = new Set(stringFields(type).map((field) => ruleKeyOf(field.path)));
      for (const key of Object.keys(s.strings ?? {})) expect(known, `${operation}: strings.${key}`).toContain(key);
    }
  });
});

describe('checkPipelineOptions', () => {
  it('takes an idempotency key of 1-255 and an expected version of at most 128 characters, without control characters', () => {
    expect(checkPipelineOptions({ idempotencyKey: 'rollout-1', expectedVersion: 'v1' })).toEqual([]);
    expect(checkPipelineOptions({ idempotencyKey: null, expectedVersion: undefined })).toEqual([]);
    expect(checkPipelineOptions({ idempotencyKey: '' })).toEqual([
      { path: ['idempotencyKey'], message: 'must be at least 1 character (has 0)' },
    ]);
    expect(checkPipelineOptions({ idempotencyKey: 'k'.repeat(256) })).toEqual([
      { path: ['idempotencyKey'], message: 'must be at most 255 characters (has 256)' },
    ]);
    expect(checkPipelineOptions({ idempotencyKey: 'a\u0000' })).toEqual([
      { path: ['idempotencyKey'], message: 'must not contain control characters (found U+0000 at position 2)' },
    ]);
    expect(checkPipelineOptions({ expectedVersion: 'v'.repeat(129) })).toEqual([
      { path: ['expectedVersion'], message: 'must be at most 128 characters (has 129)' },
    ]);
    expect(checkPipelineOptions({ expectedVersion: 'v\n' })).toEqual([
      { path: ['expectedVersion'], message: 'must not contain control characters (found U+000A at position 2)' },
    ]);
  });
});

describe('the configuration-URL rule', () => {
  it.each([
    'https://idp.example.com',
    'https://idp.example.com:8443/oauth2/v1/authorize?prompt=login#x',
    'https://[2001:db8::1]/authorize',
    'HTTPS://IDP.EXAMPLE.COM/A',
    'https://xn--bcher-kva.example/path%20with%20encoded%20spaces',
  ])('takes %s', (url) => {
    expect(httpsUrlProblem(url)).toBeNull();
  });

  it.each([
    ['http://idp.example.com/authorize', 'must be an https:// URL (http: is not accepted)'],
    ['ftp://idp.example.com/', 'must be an https:// URL (ftp: is not accepted)'],
    ['javascript:alert(1)', 'must be an https:// URL (javascript: is not accepted)'],
    ['idp.example.com/authorize', 'must be an absolute https:// URL, e.g. https://idp.example.com/authorize'],
    ['//idp.example.com/authorize', 'must be an absolute https:// URL, e.g. https://idp.example.com/authorize'],
    ['https:/idp.example.com', 'must be an absolute https:// URL with a host, e.g. https://idp.example.com/authorize'],
    ['https:///idp.example.com', 'must be an absolute https:// URL with a host, e.g. https://idp.example.com/authorize'],
    [
      'https://user:pw@idp.example.com/x',
      'must not contain a user name or password (remove the part before "@"): they would be stored and shown in plain text',
    ],
    ['https://admin@idp.example.com/x', expect.stringMatching(/^must not contain a user name or password/)],
    ['https://@idp.example.com/x', expect.stringMatching(/^must not contain a user name or password/)],
    ['https://idp.example.com/a b', 'must not contain spaces (encode them as %20)'],
    ['https://evil.example\\@idp.example.com/', expect.stringMatching(/^must not contain "\\"/)],
    ['https://exa_mple..com:99999/', 'must be a valid https:// URL with a host name, e.g. https://idp.example.com/authorize'],
    ['https://idp.example.com/\u0000', 'must not contain control characters (found U+0000 at position 25)'],
    [`https://idp.example.com/${'a'.repeat(MAX_CONFIG_URL_LENGTH)}`, `must be at most 2048 characters (has ${24 + MAX_CONFIG_URL_LENGTH})`],
  ])('refuses %s', (url, message) => {
    expect(httpsUrlProblem(url)).toEqual(message);
  });

  it('is one zod schema with the vendor limits and messages naming the field', () => {
    const idpUrl = httpsConfigUrl({ field: 'idpUrl', min: 10, max: 255 });
    expect(idpUrl.safeParse('https://idp.example.com').data).toBe('https://idp.example.com');
    expect(idpUrl.safeParse('https://a').error!.issues[0]!.message).toBe('idpUrl must be at least 10 characters (has 9)');
    expect(idpUrl.safeParse(`https://a.example/${'x'.repeat(255)}`).error!.issues[0]!.message).toBe(
      'idpUrl must be at most 255 characters (has 273)',
    );
    expect(httpsConfigUrl({ field: 'authUrl' }).safeParse('http://x.example').error!.issues[0]!.message).toBe(
      'authUrl must be an https:// URL (http: is not accepted)',
    );
  });
});

describe('SAML entity ids', () => {
  it.each([
    'https://sso.example.com',
    'https://sso.example.com/saml2/metadata',
    // Okta's entity ids are http:// URLs: they name the IdP and are never fetched.
    'http://www.okta.com/exk1a2b3c4D5e6F7g8h9',
    'urn:example:idp',
    'URN:oasis:names:tc:SAML:2.0:entity',
    'saml://idp.example.com/entity',
  ])('takes %s', (id) => {
    expect(entityIdProblem(id)).toBeNull();
  });

  it.each([
    ['not a url', 'must not contain spaces'],
    [
      'sso.example.com',
      expect.stringMatching(
        /^must be an absolute URI: a URL such as https:\/\/idp\.example\.com\/saml\/metadata or a URN such as urn:example:idp$/,
      ),
    ],
    ['mailto:idp@example.com', expect.stringMatching(/^must be an absolute URI/)],
    ['https://', expect.stringMatching(/^must be an absolute URI with a host/)],
    ['https://user:pw@sso.example.com', expect.stringMatching(/^must not contain a user name or password/)],
    ['urn:x', 'must be a URN of the form urn:<namespace>:<name>, e.g. urn:example:idp'],
    ['urn::idp', 'must be a URN of the form urn:<namespace>:<name>, e.g. urn:example:idp'],
    ['', 'must be at least 1 character (has 0)'],
    ['x'.repeat(1025), 'must be at most 1024 characters (has 1025)'],
  ])('refuses %j', (id, message) => {
    expect(entityIdProblem(id)).toEqual(message);
  });

  it('is a zod schema whose messages name the field', () => {
    expect(samlEntityId({ field: 'provider' }).safeParse('sso.example.com').error!.issues[0]!.message).toMatch(
      /^provider must be an absolute URI/,
    );
  });
});

describe('public-only JWKS', () => {
  it('takes public keys', () => {
    expect(privateJwkProblems(JSON.parse(PUBLIC_JWKS))).toEqual([]);
    expect(
      privateJwkProblems({
        keys: [
          { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' },
          { kty: 'OKP', crv: 'Ed25519', x: 'c' },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses a private or symmetric key, naming the key, its members and why', () => {
    const never = 'a JWKS given here holds public keys only: a private key must never be given (it would be sent on and stored)';
    expect(privateJwkProblems(JSON.parse(PRIVATE.rsa))).toEqual([`keys[0] has the private-key member "d": ${never}`]);
    expect(privateJwkProblems(JSON.parse(PRIVATE.oct))).toEqual([`keys[0] is a symmetric key (kty "oct", member "k"), a secret: ${never}`]);
    expect(
      privateJwkProblems({
        keys: [
          { kty: 'RSA', n: 'x', e: 'AQAB' },
          { kty: 'RSA', n: 'x', e: 'AQAB', p: '1', q: '2', dp: '3', dq: '4', qi: '5', oth: [] },
        ],
      }),
    ).toEqual([`keys[1] has the private-key members "p", "q", "dp", "dq", "qi", "oth": ${never}`]);
    expect(privateJwkProblems({ kty: 'OKP', crv: 'Ed25519', x: 'c', d: 'e' })).toEqual([
      `the key has the private-key member "d": ${never}`,
    ]);
  });

  it("is Huawei's signingKey rule", () => {
    const parsed = setHuaweiOidcConfig.input.safeParse({ signingKey: PRIVATE.ec });
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({
        path: ['signingKey'],
        message: expect.stringMatching(/^keys\[0\] has the private-key member "d": .*must never be given/),
      }),
    ]);
    expect(setHuaweiOidcConfig.input.safeParse({ signingKey: PUBLIC_JWKS }).success).toBe(true);
  });
});

// ---- every field of every registered mutation, through the gateway ---------------------------------------------

interface StringField {
  /** Path into the GraphQL input, list items at index 1 (index 0 holds a harmless filler). */
  path: (string | number)[];
}

/** The free-text fields (String, not ID, enum or JSON) of an input type, nested input objects and list items included. */
function stringFields(type: GraphQLInputObjectType, prefix: (string | number)[] = []): StringField[] {
  const out: StringField[] = [];
  for (const field of Object.values(type.getFields())) {
    const path = [...prefix, field.name];
    if (path.length === 1 && field.name === 'connectionId') continue;
    const nullable = getNullableType(field.type);
    const inner = isListType(nullable) ? getNullableType(nullable.ofType) : nullable;
    const at = isListType(nullable) ? [...path, 1] : path;
    if (isInputObjectType(inner)) out.push(...stringFields(inner, at));
    else if (isScalarType(inner) && inner.name === 'String') out.push({ path: at });
  }
  return out;
}

/** The list fields of an input type (nested input objects included), each with a valid, distinct item for index i. */
function listFields(type: GraphQLInputObjectType, prefix: string[] = []): Array<{ path: string[]; item: (index: number) => unknown }> {
  const out: Array<{ path: string[]; item: (index: number) => unknown }> = [];
  for (const field of Object.values(type.getFields())) {
    const path = [...prefix, field.name];
    const nullable = getNullableType(field.type);
    if (isInputObjectType(nullable)) out.push(...listFields(nullable, path));
    if (!isListType(nullable)) continue;
    const inner = getNamedType(nullable.ofType);
    const item =
      field.name === 'idpCertificateChain'
        ? () => SAMPLE_CA_CERTIFICATE
        : inner.name === 'AkamaiAttributeMappingInput'
          ? (i: number) => ({ identityCloudAttribute: `/list${i}`, providerAttribute: `/claim${i}` })
          : inner.name === 'CpanelConfigurationFieldInput'
            ? (i: number) => ({ key: `list_field_${i}`, value: `value ${i}` })
            : (i: number) => `scope${i}`;
    out.push({ path, item });
  }
  return out;
}

/** The key a spec declares a field's rule under ("extraFields.*.value"). */
const ruleKeyOf = (path: (string | number)[]) => path.map((part) => (typeof part === 'number' ? '*' : part)).join('.');

/** A GraphQL-valid value of `type` for the parts of an input a case does not care about. */
function filler(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [filler(nullable.ofType)];
  if (isInputObjectType(nullable)) {
    return Object.fromEntries(
      Object.values(nullable.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, filler(f.type)]),
    );
  }
  if (isEnumType(nullable)) return nullable.getValues()[0]!.name;
  const name = getNamedType(nullable).name;
  return name === 'Int' ? 1 : name === 'Boolean' ? true : 'filler';
}

/** `base` with `value` at `path`; a list gets [its first item or a filler, the value]. */
function withValue(
  type: GraphQLInputObjectType,
  base: Record<string, unknown> | undefined,
  path: (string | number)[],
  value: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(base ?? (filler(type) as Record<string, unknown>)) };
  const [head, ...rest] = path as [string, ...(string | number)[]];
  const fieldType = getNullableType(type.getFields()[head]!.type);
  if (!rest.length) {
    out[head] = value;
  } else if (isListType(fieldType)) {
    const itemType = getNullableType(fieldType.ofType);
    const list = Array.isArray(out[head]) ? (out[head] as unknown[]) : [];
    const first = list[0] ?? filler(itemType);
    const after = rest.slice(1);
    out[head] = [
      first,
      after.length ? withValue(itemType as GraphQLInputObjectType, first as Record<string, unknown>, after, value) : value,
    ];
  } else {
    out[head] = withValue(fieldType as GraphQLInputObjectType, out[head] as Record<string, unknown> | undefined, rest, value);
  }
  return out;
}

/** The URL fields every vendor hands on as configuration: the table finds them by name, this says which it must find. */
const URL_FIELDS = [
  'createAkamaiCustomProvider authUrl',
  'createAkamaiCustomProvider metadataUrl',
  'createAkamaiCustomProvider profileUrl',
  'createAkamaiCustomProvider tokenUrl',
  'createAkamaiCustomProvider ui.iconUrl',
  'createHuaweiIdentityProvider authorizationEndpoint',
  'createHuaweiIdentityProvider idpUrl',
  'createSlashIdOidcCredential options.organizationUrl',
  'createTwoSmsIdentityProvider loginUrl',
  'createTwoSmsIdentityProvider logoutUrl',
  'createTwoSmsIdentityProvider metadataUrl',
  'setCpanelDisplayConfiguration documentationUrl',
  'setHuaweiOidcConfig authorizationEndpoint',
  'setHuaweiOidcConfig idpUrl',
  'updateAkamaiCustomProvider authUrl',
  'updateAkamaiCustomProvider metadataUrl',
  'updateAkamaiCustomProvider profileUrl',
  'updateAkamaiCustomProvider tokenUrl',
  'updateAkamaiCustomProvider ui.iconUrl',
  'updateSlashIdOidcCredential options.organizationUrl',
  'updateTwoSmsIdentityProvider loginUrl',
  'updateTwoSmsIdentityProvider logoutUrl',
  'updateTwoSmsIdentityProvider metadataUrl',
];
const isUrlField = (path: (string | number)[]) => /(Url|Endpoint)$/.test(String(path.at(-1)));
/** SAML entity ids: any scheme in "//" form, or a URN. */
const ENTITY_ID_FIELDS = ['createTwoSmsIdentityProvider provider', 'updateTwoSmsIdentityProvider provider'];

interface Case {
  name: string;
  value: string;
  /** The answer must be a ValidationError with a field error on the field whose message matches this. */
  refused: RegExp;
}

/** The cap and minimum core applies to a field (the pipeline options have theirs). */
function rangeOf(operation: string, path: (string | number)[]): { min: number; max: number } {
  if (path.join('.') === 'idempotencyKey') return { min: 1, max: MAX_IDEMPOTENCY_KEY_LENGTH };
  if (path.join('.') === 'expectedVersion') return { min: 0, max: MAX_EXPECTED_VERSION_LENGTH };
  const rule = stringRulesOf(spec(operation))[ruleKeyOf(path)];
  return { min: rule?.min ?? 0, max: rule?.max ?? DEFAULT_MAX_STRING_LENGTH };
}

function casesFor(operation: string, path: (string | number)[]): Case[] {
  const { min, max } = rangeOf(operation, path);
  const url = isUrlField(path);
  const valid = url ? 'https://idp.example.com/path' : 'valid-value';
  const cases: Case[] = [
    {
      name: 'a NUL byte',
      value: `${valid.slice(0, 5)}\u0000${valid.slice(5)}`,
      refused: /^must not contain control characters.* \(found U\+0000 at position 6\)$/,
    },
    {
      name: 'a BEL',
      value: `${valid}\u0007`,
      refused: new RegExp(`^must not contain control characters.* \\(found U\\+0007 at position ${valid.length + 1}\\)$`),
    },
    {
      name: `cap + 1 (${max + 1})`,
      value: valid.padEnd(max + 1, 'a'),
      refused: new RegExp(`^must be at most ${max} characters \\(has ${max + 1}\\)$`),
    },
  ];
  if (min > 0)
    cases.push({
      name: `min - 1 (${min - 1})`,
      value: valid.slice(0, min - 1),
      refused: new RegExp(`^must be at least ${min} characters? \\(has ${min - 1}\\)$`),
    });
  if (url) {
    cases.push(
      { name: 'http://', value: 'http://idp.example.com/path', refused: /must be an https:\/\/ URL \(http: is not accepted\)$/ },
      { name: 'user and password', value: 'https://user:pw@idp.example.com/path', refused: /must not contain a user name or password/ },
      { name: 'a user name', value: 'https://admin@idp.example.com/path', refused: /must not contain a user name or password/ },
      { name: 'not a URL', value: 'idp.example.com/path', refused: /must be an absolute https:\/\/ URL/ },
    );
  }
  if (ENTITY_ID_FIELDS.includes(`${operation} ${path.join('.')}`)) {
    cases.push(
      { name: 'an entity id that is no URI', value: 'not a url', refused: /^provider must not contain spaces$/ },
      { name: 'a bare domain', value: 'sso.example.com', refused: /^provider must be an absolute URI/ },
      {
        name: 'an entity id with user info',
        value: 'https://user:pw@sso.example.com',
        refused: /^provider must not contain a user name or password/,
      },
    );
  }
  if (path.at(-1) === 'signingKey') {
    cases.push(
      {
        name: 'a private RSA JWK',
        value: PRIVATE.rsa,
        refused: /^keys\[0\] has the private-key member "d": .*a private key must never be given/,
      },
      { name: 'a private EC JWK', value: PRIVATE.ec, refused: /^keys\[0\] has the private-key member "d"/ },
      { name: 'a symmetric JWK', value: PRIVATE.oct, refused: /^keys\[0\] is a symmetric key \(kty "oct", member "k"\)/ },
    );
  }
  return cases;
}

describe.each(STORE_KINDS)('every string field of every mutation through the gateway on $name', (kind) => {
  const h = fiveVendorGateway({
    kind,
    credentials: {
      cpanelApiToken: distinctive('irc'),
      akamaiClientSecret: distinctive('ira'),
      twosmsClientSecret: distinctive('irt'),
      huaweiPassword: distinctive('irh'),
      slashidApiKey: distinctive('irs'),
    },
  });
  let bases: Record<string, Record<string, unknown>>;
  let sent = 0;

  async function post(operation: string, input: Record<string, unknown>): Promise<{ status: number; json: any; text: string }> {
    const query = `mutation($input: ${capitalize(operation)}Input!) { result: ${operation}(input: $input) {
      __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;
    const res = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables: { input } }),
    });
    const text = await res.text();
    sent += 1;
    return { status: res.status, json: JSON.parse(text), text };
  }

  beforeAll(async () => {
    bases = validMutationInputs(await sampleProviderIds(h));
    h.vendors.clearRequests();
  });
  afterAll(() => {
    console.log(`[${kind.name}] input rules: ${sent} refused inputs sent, 0 vendor requests`);
  });

  it('has a valid example of every registered mutation, and finds every URL field', () => {
    expect(Object.keys(bases).sort()).toEqual([...vendorMutations.keys()].sort());
    const found = [...vendorMutations.keys()].flatMap((operation) =>
      stringFields(schema.getType(`${capitalize(operation)}Input`) as GraphQLInputObjectType)
        .filter((field) => isUrlField(field.path))
        .map((field) => `${operation} ${field.path.join('.')}`),
    );
    expect(found.sort()).toEqual(URL_FIELDS);
  });

  it.each([...vendorMutations.keys()].sort())(
    '%s: every bad string is a ValidationError naming its field, and no vendor hears of it',
    async (operation) => {
      const type = schema.getType(`${capitalize(operation)}Input`) as GraphQLInputObjectType;
      const fields = stringFields(type);
      expect(fields.map((field) => field.path.join('.'))).toEqual(expect.arrayContaining(['idempotencyKey', 'expectedVersion']));
      for (const field of fields) {
        // A line break is a control character like any other in a single-line field, and fine in a multiline one.
        const multiline = stringRulesOf(spec(operation))[ruleKeyOf(field.path)]?.multiline === true;
        const lineBreak = checkMutationInput(spec(operation), withValue(type, {}, field.path, 'a\nb')).filter(
          (e) => e.path.join('.') === field.path.join('.') && /control characters/.test(e.message),
        );
        if (!['idempotencyKey', 'expectedVersion'].includes(String(field.path[0])))
          expect(lineBreak.length, `${operation} ${field.path.join('.')}: a line break`).toBe(multiline ? 0 : 1);

        for (const c of casesFor(operation, field.path)) {
          const label = `${operation} ${field.path.join('.')} with ${c.name}`;
          h.vendors.clearRequests();
          const res = await post(operation, withValue(type, bases[operation], field.path, c.value));
          expect(res.status, `${label}: HTTP ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
          expect(res.text, label).not.toContain('Unexpected error.');
          expect(res.json.errors, `${label}: ${res.text.slice(0, 300)}`).toBeUndefined();
          const result = res.json.data.result as { __typename: string; fieldErrors?: Array<{ path: string[]; message: string }> };
          expect(result.__typename, `${label}: ${res.text.slice(0, 300)}`).toBe('ValidationError');
          const onField = result.fieldErrors!.filter((e) => e.path.join('.') === field.path.join('.'));
          expect(
            onField.map((e) => e.message),
            `${label}: ${JSON.stringify(result.fieldErrors).slice(0, 300)}`,
          ).toContainEqual(expect.stringMatching(c.refused));
          // Refused before any vendor call: not a write, not even a read.
          expect(
            Object.values(h.vendors.requests())
              .flat()
              .map((r) => `${r.method} ${r.path}`),
            label,
          ).toEqual([]);
        }
      }
    },
  );

  it('every list of every mutation input takes at most 100 items: 101 is a ValidationError naming the list, and no vendor hears of it', async () => {
    const refused: string[] = [];
    for (const operation of [...vendorMutations.keys()].sort()) {
      const type = schema.getType(`${capitalize(operation)}Input`) as GraphQLInputObjectType;
      for (const { path, item } of listFields(type)) {
        const label = `${operation} ${path.join('.')}`;
        const items = (count: number) => Array.from({ length: count }, (_, index) => item(index));
        // 100 is not refused for its count (whatever else the vendor's rules say of such a list).
        const atCap = await post(operation, withValue(type, { ...bases[operation], dryRun: true }, path, items(MAX_INPUT_LIST_ITEMS)));
        expect(JSON.stringify(atCap.json.data.result.fieldErrors ?? []), label).not.toMatch(/lists at most/);
        h.vendors.clearRequests();
        const res = await post(operation, withValue(type, bases[operation], path, items(MAX_INPUT_LIST_ITEMS + 1)));
        expect(res.json.data.result, `${label}: ${res.text.slice(0, 300)}`).toMatchObject({
          __typename: 'ValidationError',
          fieldErrors: expect.arrayContaining([{ path: path.map(String), message: `${path.at(-1)} lists at most 100 items` }]),
        });
        expect(Object.values(h.vendors.requests()).flat(), label).toEqual([]);
        refused.push(label);
      }
    }
    // Every list the inputs have (a new one must be bounded too, and given distinct items in listFields).
    expect(refused).toEqual([
      'createAkamaiCustomProvider attributeMap',
      'createAkamaiCustomProvider idpCertificateChain',
      'createAkamaiCustomProvider scopes',
      'createSlashIdOidcCredential options.authorizeScopes',
      'setCpanelClientConfiguration extraFields',
      'updateAkamaiCustomProvider attributeMap',
      'updateAkamaiCustomProvider idpCertificateChain',
      'updateAkamaiCustomProvider scopes',
      'updateSlashIdOidcCredential options.authorizeScopes',
    ]);
  });

  it('an entity id may be any URL in "//" form or a URN: Okta\'s http:// ids pass (as a dry run)', async () => {
    for (const provider of ['http://www.okta.com/exk1a2b3c4D5e6F7g8h9', 'urn:example:fuzz-idp']) {
      const res = await post('createTwoSmsIdentityProvider', { ...bases.createTwoSmsIdentityProvider, provider, dryRun: true });
      expect(res.json.data.result.__typename, res.text.slice(0, 300)).toBe('CreateTwoSmsIdentityProviderPayload');
    }
  });

  it('an update without a field to change is refused for every vendor, and nothing is read', async () => {
    const tried: string[] = [];
    for (const [operation, { spec: s }] of [...vendorMutations].sort(([a], [b]) => a.localeCompare(b))) {
      if (s.kind !== 'update' || s.takesNoFields) continue;
      const type = schema.getType(`${capitalize(operation)}Input`) as GraphQLInputObjectType;
      const base = bases[operation]!;
      // The id, and what GraphQL requires; a mutation that requires a field to change cannot be empty.
      const required = Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.name !== 'id')
        .map((f) => f.name);
      if (required.some((name) => !(s.controlFields ?? []).includes(name))) continue;
      const controls = Object.fromEntries((s.controlFields ?? []).filter((name) => name in base).map((name) => [name, base[name]]));
      h.vendors.clearRequests();
      const res = await post(operation, { id: base.id, ...controls });
      expect(res.json.data.result, `${operation}: ${res.text.slice(0, 300)}`).toMatchObject({
        __typename: 'ValidationError',
        fieldErrors: [{ path: [], message: 'give at least one field to change' }],
      });
      expect(Object.values(h.vendors.requests()).flat(), operation).toEqual([]);
      tried.push(operation);
    }
    expect(tried).toEqual([
      'setCpanelClientConfiguration',
      'setCpanelDisplayConfiguration',
      'setHuaweiOidcConfig',
      'updateAkamaiCustomProvider',
      'updateHuaweiIdentityProvider',
      'updateSlashIdOidcCredential',
      'updateTwoSmsIdentityProvider',
    ]);
  });
});
