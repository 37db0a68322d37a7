// No secret in any request line: every registered mutation of every vendor really runs (no dry run) against
// the five emulators with distinctive credentials, secret inputs and vendor-held secrets, and then every
// path and query string the emulators received (reads, writes and token requests alike) is searched for
// every secret, as is, URI-encoded, form-encoded, JSON-escaped (and those combined) and base64: zero
// occurrences. A request line is what access logs and proxies record; secrets belong in bodies and headers.
// The test also checks that it did what it claims: every write happened and every secret reached its vendor
// (in a body or a header), so "nothing found" means something. A mutation registered later without a step
// here, or a secret input field no step sets, fails the test.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/emulation/http.js';
import { vendorMutations } from '../../src/graphql/schema.js';
import '../../src/graphql/schema.js';
import { generateApplePrivateKey } from '../../src/vendors/slashid/emulator/sandbox.js';
import { mutationResultSelection } from './selection.js';
import { CONNECTION_IDS, distinctive, fiveVendorGateway, vendorWrites } from './vendors.js';

type Vendor = keyof typeof CONNECTION_IDS;

const PROVIDER_TYPES: Record<Vendor, string> = {
  cpanel: 'CpanelIdentityProvider',
  akamai: 'AkamaiCustomProvider',
  twosms: 'TwoSmsIdentityProvider',
  huawei: 'HuaweiIdentityProvider',
  slashid: 'SlashIdOidcCredential',
};
const VENDOR_OF_TYPE = Object.fromEntries(Object.entries(PROVIDER_TYPES).map(([vendor, type]) => [type, vendor as Vendor]));

/** Every form a secret could take in a request line. */
function needles(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const form = (text: string) => new URLSearchParams({ v: text }).toString().slice(2);
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    form(secret),
    json,
    encodeURIComponent(json),
    form(json),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ]);
  // A PEM key: each body line on its own too.
  for (const line of secret.split('\n')) if (line.length >= 40 && !line.startsWith('-----')) forms.add(line);
  return [...forms];
}

function decoded(text: string, decode: (text: string) => string): string {
  try {
    return decode(text);
  } catch {
    return text;
  }
}

/** A request's line (path and query string): raw, and decoded as URI and as form. */
function requestLine(request: RecordedRequest): string {
  const line = `${request.path}?${request.rawQuery}`;
  return [line, decoded(line, decodeURIComponent), decoded(request.path, decodeURIComponent), ...Object.entries(request.query).flat()].join(
    '\n',
  );
}

/** Where a secret may travel: bodies and headers, raw and decoded. */
function requestContent(request: RecordedRequest): string {
  return [
    request.body,
    decoded(request.body, (text) => decodeURIComponent(text.replace(/\+/g, ' '))),
    ...Object.values(request.args),
    ...Object.values(request.headers),
    ...Object.values(request.headers).map((value) =>
      decoded(value.replace(/^(Basic|Bearer) /i, ''), (text) => Buffer.from(text, 'base64').toString('utf8')),
    ),
  ].join('\n');
}

interface Step {
  operation: string;
  input: () => Record<string, unknown>;
  /** Stores what later steps need (the id of what a create made). */
  then?: (provider: { id: string; key: string }) => void;
}

describe('no secret in any request path or query string, for every vendor and every write mutation', () => {
  const credentials = {
    cpanelApiToken: distinctive('urlcptoken'),
    akamaiClientSecret: distinctive('urlakconn'),
    twosmsClientSecret: distinctive('urltsconn'),
    huaweiPassword: distinctive('urlhwpass'),
    slashidApiKey: distinctive('urlslkey'),
  };
  const seeds: Record<string, string> = {};
  const input = {
    cpanelClientSecret: distinctive('urlcpin'),
    akamaiCreateSecret: distinctive('urlakin1'),
    akamaiUpdateSecret: distinctive('urlakin2'),
    slashidCreateSecret: distinctive('urlslin1'),
    slashidUpdateSecret: distinctive('urlslin2'),
    applePrivateKey: generateApplePrivateKey(),
    applePrivateKey2: generateApplePrivateKey(),
  };
  const inputSecrets = new Set(Object.values(input));
  const h = fiveVendorGateway({
    credentials,
    seedSecrets: (where) => (seeds[where] = distinctive(where.replace(/[^a-z]/gi, '').slice(0, 12))),
  });
  const ids: Record<string, string> = {};
  const created: Record<string, string> = {};
  const ran: Array<{ operation: string; typename: string; dryRun: boolean | undefined }> = [];

  const steps: Step[] = [
    // cPanel: a new secret; then a client id alone, which re-sends the secret WHM holds (full replace).
    {
      operation: 'setCpanelClientConfiguration',
      input: () => ({
        id: ids['cpanel:google'],
        service: 'CPANELD',
        clientId: 'url-google-client',
        clientSecret: input.cpanelClientSecret,
      }),
    },
    {
      operation: 'setCpanelClientConfiguration',
      input: () => ({ id: ids['cpanel:slack'], service: 'WEBMAILD', clientId: 'url-slack-client' }),
    },
    {
      operation: 'setCpanelDisplayConfiguration',
      input: () => ({ id: ids['cpanel:google'], service: 'WHOSTMGRD', color: '00aa00', displayName: 'URL test' }),
    },
    { operation: 'setCpanelProviderEnabled', input: () => ({ id: ids['cpanel:google'], service: 'WEBMAILD', enabled: true }) },
    {
      operation: 'createAkamaiCustomProvider',
      input: () => ({
        connectionId: CONNECTION_IDS.akamai,
        title: 'URL Okta',
        protocol: 'OPENID_CONNECT',
        authUrl: 'https://url.okta.example/oauth2/v1/authorize',
        tokenUrl: 'https://url.okta.example/oauth2/v1/token',
        profileUrl: 'https://url.okta.example/oauth2/v1/userinfo',
        clientId: 'url-akamai-client',
        clientSecret: input.akamaiCreateSecret,
        scopes: ['openid', 'email'],
      }),
      then: (provider) => (created.akamai = provider.id),
    },
    {
      operation: 'updateAkamaiCustomProvider',
      input: () => ({ id: created.akamai, clientSecret: input.akamaiUpdateSecret, title: 'URL Okta 2' }),
    },
    {
      operation: 'createTwoSmsIdentityProvider',
      input: () => ({
        connectionId: CONNECTION_IDS.twosms,
        name: 'URL SSO',
        provider: 'https://sso.url-corp.example',
        loginUrl: 'https://sso.url-corp.example/saml/login',
        logoutUrl: 'https://sso.url-corp.example/saml/logout',
      }),
      then: (provider) => (created.twosms = provider.id),
    },
    { operation: 'updateTwoSmsIdentityProvider', input: () => ({ id: created.twosms, name: 'URL SSO (renamed)' }) },
    // Fabrikam's TXT record is published in the sample DNS: its verification succeeds.
    { operation: 'verifyTwoSmsDomain', input: () => ({ id: ids['twosms:fabrikam'] }) },
    { operation: 'deleteTwoSmsIdentityProvider', input: () => ({ id: created.twosms }) },
    {
      operation: 'createHuaweiIdentityProvider',
      input: () => ({
        connectionId: CONNECTION_IDS.huawei,
        name: 'url-okta',
        enabled: true,
        accessMode: 'PROGRAM',
        idpUrl: 'https://url.okta.example',
        clientId: 'url-huawei-client',
        signingKey: '{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB"}]}',
      }),
      then: (provider) => (created.huawei = provider.id),
    },
    { operation: 'updateHuaweiIdentityProvider', input: () => ({ id: created.huawei, description: 'url test' }) },
    { operation: 'setHuaweiOidcConfig', input: () => ({ id: created.huawei, clientId: 'url-huawei-client-2' }) },
    { operation: 'deleteHuaweiIdentityProvider', input: () => ({ id: created.huawei }) },
    {
      operation: 'createSlashIdOidcCredential',
      input: () => ({
        connectionId: CONNECTION_IDS.slashid,
        provider: 'APPLE',
        clientId: 'com.url.signin',
        clientSecret: input.slashidCreateSecret,
        label: 'URL Apple',
        options: { privateKey: input.applePrivateKey, teamId: 'U1R2L3T4M5', keyId: 'K1E2Y3U4R5' },
      }),
      then: (provider) => (created.slashid = provider.id),
    },
    {
      operation: 'updateSlashIdOidcCredential',
      input: () => ({ id: created.slashid, clientSecret: input.slashidUpdateSecret, options: { privateKey: input.applePrivateKey2 } }),
    },
    { operation: 'deleteSlashIdOidcCredential', input: () => ({ id: created.slashid }) },
  ];

  beforeAll(async () => {
    const listed = await h.gql(
      '{ identityProviders(first: 200, refresh: true) { edges { node { ... on ManagedIdentityProvider { id key vendor displayName } } } connectionErrors { connectionId } } }',
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data.identityProviders.connectionErrors).toEqual([]);
    for (const { node } of listed.data.identityProviders.edges) {
      ids[`${node.vendor.toLowerCase()}:${node.key}`] = node.id;
      if (node.vendor === 'TWOSMS' && /fabrikam/i.test(node.displayName)) ids['twosms:fabrikam'] = node.id;
    }
  }, 60_000);

  it('has a step for every registered mutation, setting every secret input field it declares', () => {
    const operations = [...vendorMutations.keys()];
    expect(operations.length).toBeGreaterThanOrEqual(16);
    for (const operation of operations) {
      const own = steps.filter((step) => step.operation === operation);
      expect(own.length, `no step for ${operation}: add one to this test`).toBeGreaterThan(0);
      expect(
        Object.keys(PROVIDER_TYPES).map((v) => PROVIDER_TYPES[v as Vendor]),
        operation,
      ).toContain(vendorMutations.get(operation)!.providerTypeName);
    }
    // Every secret field a mutation declares gets a distinctive value in one of its steps (run lazily: ids are
    // not needed to read the secret fields, so placeholders stand in for them here).
    for (const operation of operations) {
      for (const field of vendorMutations.get(operation)!.spec.secretFields) {
        const given = steps
          .filter((step) => step.operation === operation)
          .map((step) =>
            field
              .split('.')
              .reduce<unknown>(
                (at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined),
                step.input(),
              ),
          );
        expect(
          given.some((value) => typeof value === 'string' && inputSecrets.has(value)),
          `${operation}: no step sets the secret field ${field} to a distinctive value`,
        ).toBe(true);
      }
    }
  });

  it('runs every step for real: each mutation succeeds and writes at its vendor', async () => {
    for (const step of steps) {
      const registered = vendorMutations.get(step.operation)!;
      const vendor = VENDOR_OF_TYPE[registered.providerTypeName]!;
      const inputType = `${step.operation.charAt(0).toUpperCase()}${step.operation.slice(1)}Input`;
      const received = h.vendors.requests()[vendor];
      const before = received.length;
      const res = await h.gql(
        `mutation($input: ${inputType}!) { result: ${step.operation}(input: $input) { ${mutationResultSelection(step.operation, registered.providerTypeName)} } }`,
        {
          input: step.input(),
        },
      );
      expect(res.errors, `${step.operation}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      const result = res.data.result;
      expect(result.__typename, `${step.operation}: ${JSON.stringify(result).slice(0, 500)}`).toMatch(/Payload$/);
      expect(result.dryRun, step.operation).toBe(false);
      // Its writes reached the vendor (each one the payload names; 2sms's verification is a GET that writes).
      const writes = result.vendorRequests as Array<{ method: string; path: string }>;
      expect(writes.length, `${step.operation} planned no write`).toBeGreaterThan(0);
      const arrived = received.slice(before).map((request) => `${request.method} ${request.path}`);
      for (const write of writes) expect(arrived, `${step.operation} at ${vendor}`).toContain(`${write.method} ${write.path}`);
      ran.push({ operation: step.operation, typename: result.__typename, dryRun: result.dryRun });
      if (step.then) step.then(result.provider);
    }
    expect(new Set(ran.map((r) => r.operation))).toEqual(new Set(vendorMutations.keys()));
  }, 120_000);

  it('finds no secret in any request line any emulator received, and every secret where it belongs', () => {
    expect(ran).toHaveLength(steps.length);
    const all = h.vendors.requests();
    const issued = {
      akamai: all.akamai.map((r) => /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1]).filter((t): t is string => !!t),
      twosms: all.twosms.map((r) => /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1]).filter((t): t is string => !!t),
      huawei: h.vendors.huawei.issuedTokens,
    };
    for (const tokens of Object.values(issued)) expect(tokens.length).toBeGreaterThan(0);
    const secrets: Record<string, string> = {
      ...Object.fromEntries(Object.entries(credentials).map(([name, value]) => [`connection ${name}`, value])),
      ...Object.fromEntries(Object.entries(input).map(([name, value]) => [`input ${name}`, value])),
      ...Object.fromEntries(Object.entries(seeds).map(([where, value]) => [`held by the vendor: ${where}`, value])),
      ...Object.fromEntries(
        Object.entries(issued).flatMap(([vendor, tokens]) =>
          [...new Set(tokens)].map((token, i) => [`${vendor} issued token ${i + 1}`, token]),
        ),
      ),
    };
    expect(Object.keys(seeds).length).toBeGreaterThanOrEqual(8);

    // It did what it claims: connection credentials and every secret input reached a vendor, in a body or a
    // header (the cPanel secret WHM held too: a client id alone re-sends it), and never in a request line.
    const contents = Object.values(all).flat().map(requestContent).join('\n');
    const mustArrive = { ...credentials, ...input, slackHeld: seeds['cpanel-slack']! };
    for (const [name, secret] of Object.entries(mustArrive)) {
      expect(
        needles(secret).some((needle) => contents.includes(needle)),
        `${name} never reached a vendor`,
      ).toBe(true);
    }

    const requests = Object.entries(all).flatMap(([vendor, list]) =>
      list.map((request) => ({ vendor, request, line: requestLine(request) })),
    );
    expect(requests.length).toBeGreaterThan(60);
    const found: string[] = [];
    let searched = 0;
    for (const [name, secret] of Object.entries(secrets)) {
      for (const needle of needles(secret)) {
        searched += 1;
        for (const { vendor, request, line } of requests) {
          if (line.includes(needle))
            found.push(
              `${name} (${needle === secret ? 'raw' : `as ${needle.slice(0, 16)}…`}) in ${vendor} ${request.method} ${request.path}`,
            );
        }
      }
    }
    console.log(
      `searched ${Object.keys(secrets).length} secrets (${searched} forms) in the request lines of ${requests.length} requests ` +
        `(${
          Object.values(all)
            .flat()
            .filter((r) => vendorWrites([r]).length).length
        } writes) after ${ran.length} mutations: ${found.length} found`,
    );
    expect(found).toEqual([]);
  });
});
