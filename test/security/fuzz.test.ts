// Property-based fuzzing of every mutation input and the query arguments (fast-check), against the five
// vendor emulators in-process on a real store. Each case takes a valid input of a registered mutation (or a
// query's arguments) and makes it valid, invalid or hostile: wrong types, missing and unknown fields, huge
// strings, unicode (lone surrogates, RTL overrides, NUL), injection strings, URLs to a canary server, deep
// nesting, ids of other types; or it spoils one string the valid input holds: a control character inside it,
// one character over the field's cap, an https:// URL made http:// or given a user name and password, a
// public JWKS replaced by a private key (each must be a ValidationError naming that field). Oracles decide
// what the answer must be: graphql-js's own coercion (a type-level mistake must be a GraphQL error and reach
// no resolver), a control character other than \n, \r and \t anywhere (always a ValidationError, whatever the
// field), and the mutation's rules, core's shared ones and its zod schema (a value they refuse must come back
// as ValidationError, with no vendor call at all). Every case: no HTTP 5xx, no masked "Unexpected error.", no error-level log line, and
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
  type GraphQLInputObjectType,
  isEnumType,
  isInputObjectType,
  isListType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMutationInput, checkPipelineOptions } from '../../src/core/inputs/input-rules.js';
import { DEFAULT_MAX_STRING_LENGTH } from '../../src/core/inputs/string-rules.js';
import { vendorMutations } from '../../src/graphql/schema.js';
import { schema } from '../../src/graphql/schema.js';
import { STORE_KINDS } from '../support/stores.js';
import { sampleProviderIds, validMutationInputs } from './mutation-bases.js';
import { CONNECTION_IDS, distinctive, fiveVendorGateway, vendorWrites } from './vendors.js';

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
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j lookup, sent as the literal text it is
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

type Action =
  | 'valid'
  | 'hostile-string'
  | 'wrong-type'
  | 'drop'
  | 'null'
  | 'unknown-field'
  | 'deep'
  | 'hostile-id'
  | 'foreign-id'
  // Targeted at a string the valid input holds: each must be a ValidationError naming that field.
  | 'control-char'
  | 'over-long'
  | 'bad-url'
  | 'private-jwk';

interface MutationCase {
  operation: string;
  action: Action;
  pathIndex: number;
  text: string;
  value: unknown;
  dryRun: boolean;
  /** The control character a 'control-char' case puts into a valid string (never \n, \r or \t). */
  control: number;
  /** How a 'bad-url' case spoils an https:// URL. */
  urlVariant: 'http' | 'userinfo' | 'user';
  /** Which private key a 'private-jwk' case gives as a JWKS. */
  jwk: 'rsa-d' | 'ec-d' | 'rsa-primes' | 'oct';
}

const ACTIONS: Action[] = [
  'valid',
  'hostile-string',
  'hostile-string',
  'hostile-string',
  'wrong-type',
  'wrong-type',
  'drop',
  'null',
  'unknown-field',
  'deep',
  'hostile-id',
  'foreign-id',
  'control-char',
  'control-char',
  'over-long',
  'over-long',
  'bad-url',
  'bad-url',
  'private-jwk',
];

/** Fields whose value is a SAML entity id: any scheme is legal there (Okta's are http://), user info is not. */
const ENTITY_ID_FIELDS = new Set(['createTwoSmsIdentityProvider provider', 'updateTwoSmsIdentityProvider provider']);

/** Control characters other than \n, \r and \t: refused in every string of every mutation, whatever its field. */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when a string (or a member name) anywhere in `value` holds a control character no field allows. */
function holdsForbiddenControl(value: unknown): boolean {
  if (typeof value === 'string') return FORBIDDEN_CONTROL.test(value);
  if (Array.isArray(value)) return value.some(holdsForbiddenControl);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([key, inner]) => FORBIDDEN_CONTROL.test(key) || holdsForbiddenControl(inner));
  return false;
}

function getAt(target: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (at, part) => (at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[part] : undefined),
    target,
  );
}

/** The private keys a 'private-jwk' case gives, each as a JWKS. */
const PRIVATE_JWKS: Record<MutationCase['jwk'], string> = {
  'rsa-d':
    '{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB","d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ"}]}',
  'ec-d':
    '{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}]}',
  'rsa-primes':
    '{"keys":[{"kty":"RSA","kid":"k2","n":"sXch","e":"AQAB","p":"83i-7IvMGXoMXCskv73TKr8637FiO7Z27zv8oj6pbWUQyLPQBQxtPVnwD20R-60eTDmD2ujnMt5PoqMrm8RfmNhVWDtjjMmCMjOpSXicFHj7XOuVIYQyqVWlWEh6dN36GVZYk93N8Bc9vY41xy8B9RzzOGVQzXvNEvn7O0nVbfs","q":"3dfOR9cuYq-0S-mkFLzgItgMEfFzB2q3hWehMuG0oCuqnb3vobLyumqjVZQO1dIrdwgTnCdpYzBcOfW5r370AFXjiWft_NGEiovonizhKpo9VVS78TzFgxkIdrecRezsZ-1kYd_s1qDbxtkDEgfAITAG9LUnADun4vIcb6yelxk"}]}',
  oct: '{"keys":[{"kty":"oct","kid":"hmac","k":"GawgguFyGrWKav7AX4VKUg"}]}',
};

interface Tally {
  cases: number;
  typeErrors: number;
  /** Mutation inputs of the right GraphQL types that the mutation's rules (core's shared ones, its zod schema) refuse. */
  refusedByRules: number;
  /** Cases that spoiled one string of a valid input (control character, cap + 1, http:// or user info, private JWK). */
  targeted: number;
  validationErrors: number;
  byTypename: Record<string, number>;
}

describe.each(STORE_KINDS)('fuzzing mutations and query arguments ($name)', (kind) => {
  let canary: Server;
  let canaryHits = 0;
  const ids: Record<string, string> = {};
  let bases: Record<string, Record<string, unknown>>;
  const tally: Tally = { cases: 0, typeErrors: 0, refusedByRules: 0, targeted: 0, validationErrors: 0, byTypename: {} };

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
    const all = Object.values(h.vendors.requests()).flat();
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
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => canary?.close(() => resolve()));
  });
  const h = fiveVendorGateway({
    kind,
    credentials: {
      cpanelApiToken: distinctive('fzc'),
      akamaiClientSecret: distinctive('fza'),
      twosmsClientSecret: distinctive('fzt'),
      huaweiPassword: distinctive('fzh'),
      slashidApiKey: distinctive('fzs'),
    },
  });

  beforeAll(async () => {
    Object.assign(ids, await sampleProviderIds(h));
    // A valid input of every registered mutation (run as dry runs).
    bases = validMutationInputs(ids);
    // Every base is valid to both oracles and plans as a dry run, so that a case's verdict is its change's.
    for (const [operation, input] of Object.entries(bases)) {
      const type = schema.getType(`${capitalize(operation)}Input`) as GraphQLInputObjectType;
      expect(coerce(input, type).errors, operation).toEqual([]);
      const res = await post(JSON.stringify({ query: mutationQuery(operation), variables: { input: { ...input, dryRun: true } } }));
      expect(res.json?.data?.result?.__typename, `${operation}: ${res.text.slice(0, 400)}`).toMatch(/Payload$|^VendorError$/);
    }
    h.vendors.clearRequests();
  });

  function mutationQuery(operation: string): string {
    return `mutation($input: ${capitalize(operation)}Input!) { result: ${operation}(input: $input) {
      __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } ... on VendorError { vendorCode httpStatus } } }`;
  }

  it('covers every registered mutation', () => {
    expect(Object.keys(bases).sort()).toEqual([...vendorMutations.keys()].sort());
  });

  it('every mutation input: no 5xx, no unexpected error, invalid -> ValidationError or a GraphQL error, never a vendor write', async () => {
    const operations = [...vendorMutations.keys()].sort();
    const caseArb = fc.record({
      operation: fc.constantFrom(...operations),
      action: fc.constantFrom(...ACTIONS),
      pathIndex: fc.nat(),
      text: hostileString(),
      value: wrongTyped(),
      dryRun: fc.boolean(),
      control: fc.constantFrom(0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f),
      urlVariant: fc.constantFrom('http' as const, 'userinfo' as const, 'user' as const),
      jwk: fc.constantFrom('rsa-d' as const, 'ec-d' as const, 'rsa-primes' as const, 'oct' as const),
    });
    await fc.assert(
      fc.asyncProperty(caseArb, async (c: MutationCase) => {
        const options = vendorMutations.get(c.operation)!;
        const type = schema.getType(`${capitalize(c.operation)}Input`) as GraphQLInputObjectType;
        const paths = inputPaths(type);
        const target = paths[c.pathIndex % paths.length]!;
        let input: Record<string, unknown> = structuredClone(bases[c.operation]!);
        // The strings of the valid input that a targeted case may spoil (free text only: no ids, enums, JSON).
        const base = bases[c.operation]!;
        const strings = paths.filter(
          (p) => p.path[0] !== 'connectionId' && typeof getAt(base, p.path) === 'string' && getNamedType(p.type).name === 'String',
        );
        const pick = (candidates: InputPath[]) => (candidates.length ? candidates[c.pathIndex % candidates.length]! : null);
        /** The field a targeted case spoils, and whether the answer must be a ValidationError naming it. */
        let spoiled: { path: (string | number)[]; mustRefuse: boolean } | null = null;
        const spoil = (candidates: InputPath[], make: (value: string, path: (string | number)[]) => string, mustRefuse = () => true) => {
          const chosen = pick(candidates);
          if (!chosen) return;
          input = setAt(input, chosen.path, make(getAt(base, chosen.path) as string, chosen.path));
          spoiled = { path: chosen.path, mustRefuse: mustRefuse() };
        };
        switch (c.action) {
          case 'valid':
            break;
          case 'hostile-string':
            input = setAt(
              input,
              target.path,
              isScalarType(getNamedType(target.type)) || isEnumType(getNamedType(target.type)) ? c.text : typedValue(target.type, c.text),
            );
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
            input[key] =
              c.pathIndex % 2 ? c.text : b64(`${capitalize(c.operation.replace(/^(set|create|update|delete|verify)/, ''))}:${c.text}`);
            break;
          }
          case 'control-char':
            spoil(strings, (value) => {
              const at = c.pathIndex % (value.length + 1);
              return `${value.slice(0, at)}${String.fromCharCode(c.control)}${value.slice(at)}`;
            });
            break;
          case 'over-long':
            // One character over the field's cap: the spec's declared one, else core's default.
            spoil(strings, (value, path) => {
              const key = path.map((part) => (typeof part === 'number' ? '*' : part)).join('.');
              const cap = options.spec.strings?.[key]?.max ?? DEFAULT_MAX_STRING_LENGTH;
              return value.padEnd(cap + 1, 'a').slice(0, cap + 1);
            });
            break;
          case 'bad-url': {
            const urls = strings.filter((p) => (getAt(base, p.path) as string).startsWith('https://'));
            const entityId = (path: (string | number)[]) => ENTITY_ID_FIELDS.has(`${c.operation} ${path.join('.')}`);
            const chosen = pick(urls);
            const rest = (value: string) => value.slice('https://'.length);
            spoil(
              urls,
              (value) =>
                c.urlVariant === 'http'
                  ? `http://${rest(value)}`
                  : c.urlVariant === 'userinfo'
                    ? `https://fuzz:pa55word@${rest(value)}`
                    : `https://admin@${rest(value)}`,
              // An entity id may be an http:// URL (Okta's are); user info is refused everywhere.
              () => !(c.urlVariant === 'http' && chosen !== null && entityId(chosen.path)),
            );
            break;
          }
          case 'private-jwk':
            spoil(
              strings.filter((p) => (getAt(base, p.path) as string).startsWith('{"keys"')),
              () => PRIVATE_JWKS[c.jwk],
            );
            break;
          case 'foreign-id': {
            // The global id of another vendor's provider, or another connection's name.
            const others = Object.values(ids);
            if ('id' in input) input.id = others[c.pathIndex % others.length];
            else input.connectionId = Object.values(CONNECTION_IDS)[c.pathIndex % 5];
            break;
          }
        }
        const typeCheck = coerce(input, type);
        // The mutation's rules: core's shared ones (strings, empty update, pipeline options), then its zod schema.
        let rulesValid = false;
        let rulesProblem = '';
        let forbiddenControl = false;
        if (typeCheck.errors.length === 0) {
          const {
            id: _id,
            connectionId: _c,
            dryRun: _d,
            idempotencyKey: _k,
            expectedVersion: _v,
            ...rest
          } = typeCheck.coerced as Record<string, unknown>;
          const specInput = options.toSpecInput ? options.toSpecInput(rest) : rest;
          const coerced = typeCheck.coerced as { idempotencyKey?: string | null; expectedVersion?: string | null };
          const shared = [...checkPipelineOptions(coerced), ...checkMutationInput(options.spec, specInput)];
          const parsed = shared.length ? null : options.spec.input.safeParse(specInput);
          rulesValid = shared.length === 0 && parsed!.success;
          if (shared.length) rulesProblem = shared.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ');
          else if (!parsed!.success) rulesProblem = parsed!.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
          // An oracle that does not depend on the gateway's code: no field of any vendor allows these.
          forbiddenControl = holdsForbiddenControl([specInput, coerced.idempotencyKey, coerced.expectedVersion]);
        }
        // Valid inputs run as dry runs (so that nothing may be written); invalid ones either way (unless the
        // case is about dryRun itself: it is sent as the case made it).
        const valid = typeCheck.errors.length === 0 && rulesValid;
        const caseIsDryRun = target.path[0] === 'dryRun' && c.action !== 'valid' && c.action !== 'hostile-id' && c.action !== 'foreign-id';
        const variables = { input: valid ? { ...input, dryRun: true } : caseIsDryRun ? input : { ...input, dryRun: c.dryRun } };
        const label = `${c.operation} ${c.action} ${target.path.join('.')} ${JSON.stringify(variables).slice(0, 300)}`;
        h.vendors.clearRequests();
        const logsBefore = h.logLines.length;
        const res = await post(JSON.stringify({ query: mutationQuery(c.operation), variables }));
        tally.cases += 1;
        checkAlways(label, res, logsBefore);
        if (typeCheck.errors.length > 0) {
          // A type-level mistake: graphql-js refuses it before any resolver runs.
          tally.typeErrors += 1;
          expect(res.json?.errors?.length, `${label}: expected a GraphQL error (${typeCheck.errors[0]})`).toBeGreaterThan(0);
          expect(res.json?.data?.result ?? null, label).toBeNull();
          expect(Object.values(h.vendors.requests()).flat(), `${label}: vendor calls`).toEqual([]);
          return;
        }
        expect(res.json?.errors, label).toBeUndefined();
        const result = res.json.data.result as { __typename: string; fieldErrors?: unknown[] };
        tally.byTypename[result.__typename] = (tally.byTypename[result.__typename] ?? 0) + 1;
        if (result.__typename === 'ValidationError') {
          tally.validationErrors += 1;
          expect(result.fieldErrors?.length ?? 0, `${label} -> ${res.text.slice(0, 400)}`).toBeGreaterThan(0);
        }
        if (forbiddenControl) expect(result.__typename, `${label}: a control character must be refused`).toBe('ValidationError');
        const targeted = spoiled as { path: (string | number)[]; mustRefuse: boolean } | null;
        if (targeted?.mustRefuse) {
          // A targeted case: refused by the rules, naming the very field, before any vendor call (reads included).
          tally.targeted += 1;
          expect(result.__typename, `${label}: ${rulesProblem}`).toBe('ValidationError');
          const named = (result.fieldErrors as Array<{ path: string[] }>).map((e) => e.path.join('.'));
          expect(named, label).toContain(targeted.path.join('.'));
        }
        if (!rulesValid) {
          // Refused by the mutation's own rules: ValidationError (NotFoundError when the target itself is not
          // there), and not a single vendor call.
          tally.refusedByRules += 1;
          const targetChanged =
            c.action === 'hostile-id' || c.action === 'foreign-id' || target.path[0] === 'id' || target.path[0] === 'connectionId';
          expect(targetChanged ? ['ValidationError', 'NotFoundError'] : ['ValidationError'], `${label}: ${rulesProblem}`).toContain(
            result.__typename,
          );
          expect(Object.values(h.vendors.requests()).flat(), `${label}: vendor calls`).toEqual([]);
        } else {
          expect(result.__typename, label).toMatch(/Payload$|^ValidationError$|^NotFoundError$|^VendorError$|^VersionConflictError$/);
        }
      }),
      { numRuns: MUTATION_RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('query arguments: no 5xx, no unexpected error, paging mistakes are ValidationErrors, nothing written', async () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) =>
      fc.option(fc.oneof(arb, hostileString() as fc.Arbitrary<unknown>, wrongTyped()), { nil: undefined });
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
          operation: maybe(fc.constantFrom(...vendorMutations.keys())),
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
      fc
        .record({
          connectionId: fc.oneof(fc.constantFrom(...Object.values(CONNECTION_IDS)), hostileString() as fc.Arbitrary<unknown>, wrongTyped()),
        })
        .map((variables) => ({
          name: 'drift',
          query: `query($connectionId: String!) { drift(connectionId: $connectionId) { connectionId drifted providers { key kind } } }`,
          variables,
        })),
      fc.record({ id: idArb }).map((variables) => ({
        name: 'node',
        query: `query($id: ID!) { node(id: $id) { __typename id } identityProvider(id: $id) { __typename } }`,
        variables,
      })),
      fc
        .record({
          ids: fc.oneof(fc.array(idArb, { maxLength: 8 }), wrongTyped(), fc.constant(Array.from({ length: 150 }, (_, i) => b64(`X:${i}`)))),
        })
        .map((variables) => ({
          name: 'nodes',
          query: `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
          variables,
        })),
    );
    await fc.assert(
      fc.asyncProperty(queryArb, async ({ name, query, variables }) => {
        const label = `${name} ${JSON.stringify(variables).slice(0, 300)}`;
        h.vendors.clearRequests();
        const logsBefore = h.logLines.length;
        const res = await post(JSON.stringify({ query, variables }));
        tally.cases += 1;
        checkAlways(label, res, logsBefore);
        expect(res.json, label).toBeDefined();
        // graphql-js's verdict on the variables: a type-level mistake is a GraphQL error and runs nothing.
        const operation = parse(query).definitions[0] as OperationDefinitionNode;
        const coerced = getVariableValues(
          schema,
          operation.variableDefinitions ?? [],
          JSON.parse(JSON.stringify(variables)) as Record<string, unknown>,
          { maxErrors: 5 },
        );
        if (coerced.errors) {
          tally.typeErrors += 1;
          expect(res.json.errors?.length, `${label}: ${coerced.errors[0]!.message}`).toBeGreaterThan(0);
          expect(Object.values(h.vendors.requests()).flat(), `${label}: vendor calls`).toEqual([]);
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
      operation: fc.constantFrom(...vendorMutations.keys()),
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
          h.vendors.clearRequests();
          const logsBefore = h.logLines.length;
          const res = await post(JSON.stringify(body));
          tally.cases += 1;
          checkAlways(label, res, logsBefore);
          if (name === 'revert' && !res.json.errors)
            expect(['NotFoundError', 'ValidationError'], label).toContain(res.json.data.revertAuditEvent.__typename);
          if (name === 'batch' && !res.json.errors && res.json.data.applyIdentityProviderChanges.results) {
            expect(res.json.data.applyIdentityProviderChanges.succeeded, label).toBe(false);
          }
        }
      }),
      { numRuns: 40, seed: SEED + 2, endOnFailure: true },
    );
  });

  it('a request body over the size limit is refused without a 5xx', async () => {
    const res = await post(
      JSON.stringify({
        query: mutationQuery('setCpanelClientConfiguration'),
        variables: { input: { ...bases.setCpanelClientConfiguration, clientId: 'x'.repeat(1_200_000) } },
      }),
    );
    expect(res.status).toBe(413);
    tally.cases += 1;
  });

  afterAll(() => {
    console.log(
      `[${kind.name}] fuzz: ${tally.cases} cases ran (${MUTATION_RUNS} mutation inputs, ${QUERY_RUNS} query argument sets, 80 batch/revert requests, 1 oversized body; seed ${SEED}): ` +
        `${tally.typeErrors} GraphQL type errors, ${tally.refusedByRules} inputs refused by the mutation's rules (${tally.targeted} targeted at one field), ${tally.validationErrors} ValidationErrors, results ${JSON.stringify(tally.byTypename)}; ` +
        `0 vendor writes, ${canaryHits} canary calls`,
    );
  });
});
