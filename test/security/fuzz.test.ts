// Property-based fuzzing of every mutation input and the query arguments (fast-check), against the five
// vendor emulators in-process on a real store. Each case takes a valid input of a registered mutation (or a
// query's arguments) and makes it valid, invalid or hostile: wrong types, missing and unknown fields, huge
// strings, unicode (lone surrogates, RTL overrides, NUL), injection strings, URLs to a canary server, deep
// nesting, ids of other types. Two oracles that do not depend on the gateway's code decide what the answer
// must be: graphql-js's own coercion (a type-level mistake must be a GraphQL error and reach no resolver),
// and the mutation's own zod input schema (a value it refuses must come back as ValidationError, with no
// vendor call at all). Every case: no HTTP 5xx, no masked "Unexpected error.", no error-level log line, and
// no vendor write — valid inputs run as dry runs, so the emulators' request logs must show no write at all —
// and the canary server is never called (a URL from user input is never fetched).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import {
  coerceInputValue,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
  getNamedType,
  getNullableType,
  type GraphQLInputType,
  GraphQLInputObjectType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredMutations } from '../../src/graphql/mutation-field.js';
import { schema } from '../../src/graphql/schema.js';
import type { Store } from '../../src/store/open.js';
import { type Harness, startHarness } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { CONNECTION_IDS, distinctive, type FiveVendors, startFiveVendors, vendorWrites } from './vendors.js';

const MUTATION_RUNS = Number(process.env.FUZZ_MUTATION_RUNS ?? 240);
const QUERY_RUNS = Number(process.env.FUZZ_QUERY_RUNS ?? 120);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

// ---- hostile values ----------------------------------------------------------------------------------------

let canaryUrl = 'http://127.0.0.1:9/canary';
const HOSTILE_STRINGS = (): string[] => [
  '',
  ' ',
  "' OR '1'='1' --",
  "'; DROP TABLE audit_events; --",
  '"; select pg_sleep(5); --',
  '${jndi:ldap://127.0.0.1:1/a}',
  '{{7*7}}<%= 7*7 %>',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '/\\evil.example/x',
  'http://169.254.169.254/latest/meta-data/',
  `${canaryUrl}/from-input`,
  `https://127.0.0.1:${new URL(canaryUrl).port}/tls`,
  'file:///etc/passwd',
  'javascript:alert(1)',
  '\u0000',
  'a\u0000b',
  '\r\nX-Injected: yes\r\n',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil\u202c',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Z̸̡̢̛̗̘̙̜̝̞̟̠̀́̂̃̄̅',
  '__proto__',
  'constructor',
  '{"$where":"1"}',
  '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----',
  'A'.repeat(300),
  'x'.repeat(70_000),
  '\u00e9'.repeat(20_000),
  '9'.repeat(400),
  'NaN',
  '-1',
  '1e309',
  'true',
  'null',
];

/** An object or list nested `depth` deep. */
function nested(depth: number, list: boolean): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = list ? [value] : { nested: value };
  return value;
}

const hostileString = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS()) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 500 }) },
  );

const wrongTyped = () =>
  fc.oneof(
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
    fc.integer({ min: 20, max: 400 }).chain((depth) => fc.boolean().map((list) => nested(depth, list))),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 2 ** 31, 1e308),
  );

// ---- the input types ---------------------------------------------------------------------------------------

interface InputPath {
  path: (string | number)[];
  type: GraphQLInputType;
}

/** Every field of an input type, nested input objects and their list items included (item 0). */
function inputPaths(type: GraphQLInputObjectType, prefix: (string | number)[] = [], depth = 0): InputPath[] {
  const out: InputPath[] = [];
  for (const field of Object.values(type.getFields())) {
    const path = [...prefix, field.name];
    out.push({ path, type: field.type });
    const nullable = getNullableType(field.type);
    if (depth > 2) continue;
    if (isInputObjectType(nullable)) out.push(...inputPaths(nullable, path, depth + 1));
    if (isListType(nullable)) {
      const item = getNullableType(nullable.ofType);
      out.push({ path: [...path, 0], type: nullable.ofType });
      if (isInputObjectType(item)) out.push(...inputPaths(item, [...path, 0], depth + 1));
    }
  }
  return out;
}

function setAt(target: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  let at: any = copy;
  for (const [index, part] of path.slice(0, -1).entries()) {
    const nextIsIndex = typeof path[index + 1] === 'number';
    if (at[part] === null || typeof at[part] !== 'object') at[part] = nextIsIndex ? [] : {};
    at = at[part];
  }
  at[path.at(-1)!] = value;
  return copy;
}

function deleteAt(target: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> {
  const copy = structuredClone(target);
  let at: any = copy;
  for (const part of path.slice(0, -1)) {
    if (at[part] === null || typeof at[part] !== 'object') return copy;
    at = at[part];
  }
  if (Array.isArray(at)) at.splice(Number(path.at(-1)), 1);
  else delete at[path.at(-1)!];
  return copy;
}

/** graphql-js's own verdict on a variable value: its coercion errors (type-level mistakes) and the coerced value. */
function coerce(value: unknown, type: GraphQLInputType): { errors: string[]; coerced: unknown } {
  const errors: string[] = [];
  const coerced = coerceInputValue(value, type, (path, _invalid, error) => errors.push(`${path.join('.')}: ${error.message}`));
  return { errors, coerced };
}

/** A plausible value of the right GraphQL type, for fields a case sets that the base leaves out. */
function typedValue(type: GraphQLInputType, text: string): unknown {
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isScalarType(named)) {
    if (named.name === 'Int') return 1;
    if (named.name === 'Boolean') return true;
    return text;
  }
  return {};
}

// ---- the cases ---------------------------------------------------------------------------------------------

type Action = 'valid' | 'hostile-string' | 'wrong-type' | 'drop' | 'null' | 'unknown-field' | 'deep' | 'hostile-id' | 'foreign-id';

interface MutationCase {
  operation: string;
  action: Action;
  pathIndex: number;
  text: string;
  value: unknown;
  dryRun: boolean;
}

const ACTIONS: Action[] = ['valid', 'hostile-string', 'hostile-string', 'hostile-string', 'wrong-type', 'wrong-type', 'drop', 'null', 'unknown-field', 'deep', 'hostile-id', 'foreign-id'];

interface Tally {
  cases: number;
  typeErrors: number;
  /** Mutation inputs of the right GraphQL types that the mutation's own zod schema refuses. */
  refusedByRules: number;
  validationErrors: number;
  byTypename: Record<string, number>;
}

describe.each(STORE_KINDS)('fuzzing mutations and query arguments ($name)', (kind) => {
  let store: Store;
  let vendors: FiveVendors;
  let h: Harness;
  let canary: Server;
  let canaryHits = 0;
  const ids: Record<string, string> = {};
  let bases: Record<string, Record<string, unknown>>;
  const tally: Tally = { cases: 0, typeErrors: 0, refusedByRules: 0, validationErrors: 0, byTypename: {} };

  async function post(body: string): Promise<{ status: number; json: any; text: string }> {
    const res = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body,
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  /** The checks every case passes, whatever its input. */
  function checkAlways(label: string, res: { status: number; json: any; text: string }, logsBefore: number): void {
    expect(res.status, `${label}: HTTP ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
    expect(res.text, label).not.toContain('Unexpected error.');
    const errorLines = h.logLines.slice(logsBefore).filter((line) => JSON.parse(line).level === 'error');
    expect(errorLines, label).toEqual([]);
    const all = Object.values(vendors.requests()).flat();
    expect(vendorWrites(all), `${label}: vendor writes`).toEqual([]);
    expect(canaryHits, `${label}: the canary was called`).toBe(0);
  }

  beforeAll(async () => {
    canary = createServer((_req, res) => {
      canaryHits += 1;
      res.writeHead(200).end('canary');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}/canary`;
    store = await kind.open();
    vendors = await startFiveVendors({
      cpanelApiToken: distinctive('fzc'),
      akamaiClientSecret: distinctive('fza'),
      twosmsClientSecret: distinctive('fzt'),
      huaweiPassword: distinctive('fzh'),
      slashidApiKey: distinctive('fzs'),
    });
    h = await startHarness({ store, connections: vendors.connections, env: vendors.env });
    const listed = await h.gql('{ identityProviders(first: 200, refresh: true) { edges { node { __typename ... on ManagedIdentityProvider { id key vendor } } } } }');
    for (const edge of listed.data.identityProviders.edges) ids[`${edge.node.vendor.toLowerCase()}:${edge.node.key}`] = edge.node.id;
    const first = (vendor: string) => Object.entries(ids).find(([key]) => key.startsWith(`${vendor}:`))![1];
    const slashidGoogle = Object.entries(ids).find(([key]) => key.startsWith('slashid:') && key.includes('googleusercontent'))![1];
    const jwks = '{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB"}]}';
    // A valid input of every registered mutation (run as dry runs).
    bases = {
      setCpanelClientConfiguration: { id: ids['cpanel:google'], service: 'CPANELD', clientId: 'fuzz-client', clientSecret: 'fuzz-secret-value-1' },
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
        signingKey: jwks,
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
    // Every base is valid to both oracles and plans as a dry run, so that a case's verdict is its change's.
    for (const [operation, input] of Object.entries(bases)) {
      const type = schema.getType(`${capitalize(operation)}Input`) as GraphQLInputObjectType;
      expect(coerce(input, type).errors, operation).toEqual([]);
      const res = await post(JSON.stringify({ query: mutationQuery(operation), variables: { input: { ...input, dryRun: true } } }));
      expect(res.json?.data?.result?.__typename, `${operation}: ${res.text.slice(0, 400)}`).toMatch(/Payload$|^VendorError$/);
    }
    vendors.clearRequests();
  });
  afterAll(async () => {
    await h?.close();
    await vendors?.close();
    await store?.close();
    await new Promise<void>((resolve) => canary?.close(() => resolve()));
  });

  function mutationQuery(operation: string): string {
    return `mutation($input: ${capitalize(operation)}Input!) { result: ${operation}(input: $input) {
      __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } ... on VendorError { vendorCode httpStatus } } }`;
  }

  it('covers every registered mutation', () => {
    expect(Object.keys(bases).sort()).toEqual([...registeredMutations.keys()].sort());
  });

  it('every mutation input: no 5xx, no unexpected error, invalid -> ValidationError or a GraphQL error, never a vendor write', async () => {
    const operations = [...registeredMutations.keys()].sort();
    const caseArb = fc.record({
      operation: fc.constantFrom(...operations),
      action: fc.constantFrom(...ACTIONS),
      pathIndex: fc.nat(),
      text: hostileString(),
      value: wrongTyped(),
      dryRun: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(caseArb, async (c: MutationCase) => {
        const options = registeredMutations.get(c.operation)!;
        const type = schema.getType(`${capitalize(c.operation)}Input`) as GraphQLInputObjectType;
        const paths = inputPaths(type);
        const target = paths[c.pathIndex % paths.length]!;
        let input: Record<string, unknown> = structuredClone(bases[c.operation]!);
        switch (c.action) {
          case 'valid':
            break;
          case 'hostile-string':
            input = setAt(input, target.path, isScalarType(getNamedType(target.type)) || isEnumType(getNamedType(target.type)) ? c.text : typedValue(target.type, c.text));
            break;
          case 'wrong-type':
            input = setAt(input, target.path, c.value);
            break;
          case 'drop':
            input = deleteAt(input, target.path);
            break;
          case 'null':
            input = setAt(input, target.path, null);
            break;
          case 'unknown-field':
            input = setAt(input, [...target.path.slice(0, -1), `x${c.text.replace(/\W/g, '').slice(0, 20)}Unknown`], c.text);
            break;
          case 'deep':
            input = setAt(input, target.path, nested(50 + (c.pathIndex % 300), c.dryRun));
            break;
          case 'hostile-id': {
            const key = 'id' in input ? 'id' : 'connectionId';
            input[key] = c.pathIndex % 2 ? c.text : b64(`${capitalize(c.operation.replace(/^(set|create|update|delete|verify)/, ''))}:${c.text}`);
            break;
          }
          case 'foreign-id': {
            // The global id of another vendor's provider, or another connection's name.
            const others = Object.values(ids);
            if ('id' in input) input.id = others[c.pathIndex % others.length];
            else input.connectionId = Object.values(CONNECTION_IDS)[c.pathIndex % 5];
            break;
          }
        }
        const typeCheck = coerce(input, type);
        let zodValid = false;
        let zodProblem = '';
        if (typeCheck.errors.length === 0) {
          const { id: _id, connectionId: _c, dryRun: _d, idempotencyKey: _k, expectedVersion: _v, ...rest } = typeCheck.coerced as Record<string, unknown>;
          const specInput = options.toSpecInput ? options.toSpecInput(rest) : rest;
          const parsed = options.spec.input.safeParse(specInput);
          zodValid = parsed.success;
          if (!parsed.success) zodProblem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        }
        // Valid inputs run as dry runs (so that nothing may be written); invalid ones either way (unless the
        // case is about dryRun itself: it is sent as the case made it).
        const valid = typeCheck.errors.length === 0 && zodValid;
        const caseIsDryRun = target.path[0] === 'dryRun' && c.action !== 'valid' && c.action !== 'hostile-id' && c.action !== 'foreign-id';
        const variables = { input: valid ? { ...input, dryRun: true } : caseIsDryRun ? input : { ...input, dryRun: c.dryRun } };
        const label = `${c.operation} ${c.action} ${target.path.join('.')} ${JSON.stringify(variables).slice(0, 300)}`;
        vendors.clearRequests();
        const logsBefore = h.logLines.length;
        const res = await post(JSON.stringify({ query: mutationQuery(c.operation), variables }));
        tally.cases += 1;
        checkAlways(label, res, logsBefore);
        if (typeCheck.errors.length > 0) {
          // A type-level mistake: graphql-js refuses it before any resolver runs.
          tally.typeErrors += 1;
          expect(res.json?.errors?.length, `${label}: expected a GraphQL error (${typeCheck.errors[0]})`).toBeGreaterThan(0);
          expect(res.json?.data?.result ?? null, label).toBeNull();
          expect(Object.values(vendors.requests()).flat(), `${label}: vendor calls`).toEqual([]);
          return;
        }
        expect(res.json?.errors, label).toBeUndefined();
        const result = res.json.data.result as { __typename: string; fieldErrors?: unknown[] };
        tally.byTypename[result.__typename] = (tally.byTypename[result.__typename] ?? 0) + 1;
        if (result.__typename === 'ValidationError') {
          tally.validationErrors += 1;
          expect(result.fieldErrors?.length ?? 0, `${label} -> ${res.text.slice(0, 400)}`).toBeGreaterThan(0);
        }
        if (!zodValid) {
          // Refused by the mutation's own rules: ValidationError (NotFoundError when the target itself is not
          // there), and not a single vendor call.
          tally.refusedByRules += 1;
          const targetChanged = c.action === 'hostile-id' || c.action === 'foreign-id' || target.path[0] === 'id' || target.path[0] === 'connectionId';
          expect(targetChanged ? ['ValidationError', 'NotFoundError'] : ['ValidationError'], `${label}: ${zodProblem}`).toContain(result.__typename);
          expect(Object.values(vendors.requests()).flat(), `${label}: vendor calls`).toEqual([]);
        } else {
          expect(result.__typename, label).toMatch(/Payload$|^ValidationError$|^NotFoundError$|^VendorError$|^VersionConflictError$/);
        }
      }),
      { numRuns: MUTATION_RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('query arguments: no 5xx, no unexpected error, paging mistakes are ValidationErrors, nothing written', async () => {
    const maybe = <T,>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof(arb, hostileString() as fc.Arbitrary<unknown>, wrongTyped()), { nil: undefined });
    const idArb = fc.oneof(
      fc.constantFrom(...Object.values(ids)),
      hostileString(),
      hostileString().map((text) => b64(`CpanelIdentityProvider:${text}`)),
      hostileString().map((text) => b64(`AuditEvent:${text}`)),
      wrongTyped(),
    );
    const queryArb = fc.oneof(
      fc
        .record({
          first: maybe(fc.integer({ min: -5, max: 400 })),
          after: maybe(fc.constant('b2Zmc2V0OjA')),
          connectionId: maybe(fc.constantFrom(...Object.values(CONNECTION_IDS))),
          vendor: maybe(fc.constantFrom('CPANEL', 'AKAMAI', 'TWOSMS', 'HUAWEI', 'SLASHID')),
          refresh: maybe(fc.boolean()),
        })
        .map((variables) => ({
          name: 'identityProviders',
          query: `query($first: Int, $after: String, $connectionId: String, $vendor: Vendor, $refresh: Boolean) {
            identityProviders(first: $first, after: $after, connectionId: $connectionId, vendor: $vendor, refresh: $refresh) {
              totalCount edges { cursor node { __typename ... on ManagedIdentityProvider { id key } } } connectionErrors { connectionId code } } }`,
          variables,
        })),
      fc
        .record({
          first: maybe(fc.integer({ min: -5, max: 400 })),
          after: maybe(fc.constant(undefined)),
          actor: maybe(fc.constant('test-actor')),
          connectionId: maybe(fc.constantFrom(...Object.values(CONNECTION_IDS))),
          vendor: maybe(fc.constantFrom('CPANEL', 'SLASHID')),
          providerKey: maybe(fc.constant('google')),
          operation: maybe(fc.constantFrom(...registeredMutations.keys())),
          status: maybe(fc.array(fc.constantFrom('SUCCEEDED', 'FAILED', 'REJECTED', 'DRY_RUN'), { maxLength: 4 })),
          kind: maybe(fc.constantFrom('MUTATION', 'DRIFT_DETECTED')),
          since: maybe(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
          until: maybe(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
        })
        .map((variables) => ({
          name: 'auditEvents',
          query: `query($first: Int, $after: String, $actor: String, $connectionId: String, $vendor: Vendor, $providerKey: String, $operation: String,
              $status: [AuditStatus!], $kind: AuditKind, $since: DateTime, $until: DateTime) {
            auditEvents(first: $first, after: $after, actor: $actor, connectionId: $connectionId, vendor: $vendor, providerKey: $providerKey,
              operation: $operation, status: $status, kind: $kind, since: $since, until: $until) {
              edges { cursor node { id status operation input error } } pageInfo { hasNextPage endCursor } } }`,
          variables,
        })),
      fc.record({ connectionId: fc.oneof(fc.constantFrom(...Object.values(CONNECTION_IDS)), hostileString() as fc.Arbitrary<unknown>, wrongTyped()) }).map((variables) => ({
        name: 'drift',
        query: `query($connectionId: String!) { drift(connectionId: $connectionId) { connectionId drifted providers { key kind } } }`,
        variables,
      })),
      fc.record({ id: idArb }).map((variables) => ({
        name: 'node',
        query: `query($id: ID!) { node(id: $id) { __typename id } identityProvider(id: $id) { __typename } }`,
        variables,
      })),
      fc.record({ ids: fc.oneof(fc.array(idArb, { maxLength: 8 }), wrongTyped(), fc.constant(Array.from({ length: 150 }, (_, i) => b64(`X:${i}`)))) }).map((variables) => ({
        name: 'nodes',
        query: `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
        variables,
      })),
    );
    await fc.assert(
      fc.asyncProperty(queryArb, async ({ name, query, variables }) => {
        const label = `${name} ${JSON.stringify(variables).slice(0, 300)}`;
        vendors.clearRequests();
        const logsBefore = h.logLines.length;
        const res = await post(JSON.stringify({ query, variables }));
        tally.cases += 1;
        checkAlways(label, res, logsBefore);
        expect(res.json, label).toBeDefined();
        // graphql-js's verdict on the variables: a type-level mistake is a GraphQL error and runs nothing.
        const operation = parse(query).definitions[0] as OperationDefinitionNode;
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], JSON.parse(JSON.stringify(variables)) as Record<string, unknown>, { maxErrors: 5 });
        if (coerced.errors) {
          tally.typeErrors += 1;
          expect(res.json.errors?.length, `${label}: ${coerced.errors[0]!.message}`).toBeGreaterThan(0);
          expect(Object.values(vendors.requests()).flat(), `${label}: vendor calls`).toEqual([]);
          return;
        }
        const first = coerced.coerced.first as number | null | undefined;
        if (typeof first === 'number' && (first < 1 || first > 200)) {
          const codes = (res.json.errors ?? []).map((e: any) => e.extensions?.code);
          expect(codes, `${label}: first out of range`).toContain('VALIDATION_FAILED');
          tally.validationErrors += 1;
        }
        for (const error of res.json.errors ?? []) {
          expect(error.message, label).toEqual(expect.any(String));
        }
      }),
      { numRuns: QUERY_RUNS, seed: SEED + 1, endOnFailure: true },
    );
  });

  it('the batch and revert mutations take hostile inputs the same way', async () => {
    const batchArb = fc.record({
      operation: fc.constantFrom(...registeredMutations.keys()),
      input: fc.oneof(hostileString() as fc.Arbitrary<unknown>, wrongTyped(), fc.jsonValue({ maxDepth: 4 })),
      mode: fc.constantFrom('ALL_OR_NOTHING', 'BEST_EFFORT'),
      auditEventId: fc.oneof(hostileString(), fc.uuid()),
    });
    await fc.assert(
      fc.asyncProperty(batchArb, async ({ operation, input, mode, auditEventId }) => {
        for (const [name, body] of [
          [
            'batch',
            {
              query: `mutation($input: ApplyIdentityProviderChangesInput!) { applyIdentityProviderChanges(input: $input) { __typename
                ... on ApplyIdentityProviderChangesPayload { succeeded results { status error { code message } } } ... on Error { message } } }`,
              variables: { input: { mode, dryRun: false, changes: [{ operation, input }] } },
            },
          ],
          [
            'revert',
            {
              query: `mutation($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { __typename ... on Error { message } } }`,
              variables: { input: { auditEventId } },
            },
          ],
        ] as const) {
          const label = `${name} ${JSON.stringify(body.variables).slice(0, 300)}`;
          vendors.clearRequests();
          const logsBefore = h.logLines.length;
          const res = await post(JSON.stringify(body));
          tally.cases += 1;
          checkAlways(label, res, logsBefore);
          if (name === 'revert' && !res.json.errors) expect(['NotFoundError', 'ValidationError'], label).toContain(res.json.data.revertAuditEvent.__typename);
          if (name === 'batch' && !res.json.errors && res.json.data.applyIdentityProviderChanges.results) {
            expect(res.json.data.applyIdentityProviderChanges.succeeded, label).toBe(false);
          }
        }
      }),
      { numRuns: 40, seed: SEED + 2, endOnFailure: true },
    );
  });

  it('a request body over the size limit is refused without a 5xx', async () => {
    const res = await post(JSON.stringify({ query: mutationQuery('setCpanelClientConfiguration'), variables: { input: { ...bases.setCpanelClientConfiguration, clientId: 'x'.repeat(1_200_000) } } }));
    expect(res.status).toBe(413);
    tally.cases += 1;
  });

  afterAll(() => {
    console.log(
      `[${kind.name}] fuzz: ${tally.cases} cases ran (${MUTATION_RUNS} mutation inputs, ${QUERY_RUNS} query argument sets, 80 batch/revert requests, 1 oversized body; seed ${SEED}): ` +
        `${tally.typeErrors} GraphQL type errors, ${tally.refusedByRules} inputs refused by the mutation's rules, ${tally.validationErrors} ValidationErrors, results ${JSON.stringify(tally.byTypename)}; ` +
        `0 vendor writes, ${canaryHits} canary calls`,
    );
  });
});
