// The five vendor emulators with the sandbox's sample data, started from their factories so that a test
// chooses every credential (distinctive values to search for) and reads every emulator's request log.
// `connections` are as a config file holds them (secrets as { env } references resolved from `env`).
// `fiveVendorGateway` puts a gateway over them, on a store, for a describe block.
import { randomBytes } from 'node:crypto';
import type { RecordedRequest } from '../../src/emulation/http.js';
import type { Store } from '../../src/store/open.js';
import { type AkamaiEmulator, createAkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import {
  SANDBOX_APP_ID,
  SANDBOX_CUSTOMER_ID,
  sampleProviders as akamaiSampleProviders,
} from '../../src/vendors/akamai/emulator/sandbox.js';
import { type CpanelEmulator, createCpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/emulator/sandbox.js';
import { createHuaweiEmulator, type HuaweiEmulator } from '../../src/vendors/huawei/emulator/server.js';
import { SAMPLE_IDENTITY_PROVIDERS, SAMPLE_USER } from '../../src/vendors/huawei/emulator/sandbox.js';
import { createSlashIdEmulator, type SlashIdEmulator } from '../../src/vendors/slashid/emulator/server.js';
import { SANDBOX_ORG_ID, sampleCredentials } from '../../src/vendors/slashid/emulator/sandbox.js';
import { createTwoSmsEmulator, type TwoSmsEmulator } from '../../src/vendors/twosms/emulator/server.js';
import {
  SAMPLE_USER_ID,
  sampleForeignDomains,
  sampleProviders as twoSmsSampleProviders,
  sampleTxtRecords,
} from '../../src/vendors/twosms/emulator/sample-data.js';
import { type Harness, startHarness, TEST_READ_BUDGET_MS } from '../support/harness.js';
import { PGLITE, type StoreKind } from '../support/stores.js';
import { suiteValue } from '../support/suite-value.js';

/** A value no fixture, word or id contains, with characters that URI, form and JSON encodings all change. */
export function distinctive(tag: string): string {
  return `zq${tag}-${randomBytes(9).toString('base64url')}+/=~!${randomBytes(3).toString('hex')}`;
}

export interface Credentials {
  cpanelApiToken: string;
  akamaiClientSecret: string;
  twosmsClientSecret: string;
  huaweiPassword: string;
  slashidApiKey: string;
}

export const CONNECTION_IDS = {
  cpanel: 'whm-sec',
  akamai: 'akamai-sec',
  twosms: 'twosms-sec',
  huawei: 'huawei-sec',
  slashid: 'slashid-sec',
} as const;

export interface FiveVendors {
  cpanel: CpanelEmulator;
  akamai: AkamaiEmulator;
  twosms: TwoSmsEmulator;
  huawei: HuaweiEmulator;
  slashid: SlashIdEmulator;
  connections: unknown[];
  env: NodeJS.ProcessEnv;
  /** Every request each emulator received, by vendor. */
  requests(): Record<keyof typeof CONNECTION_IDS, RecordedRequest[]>;
  clearRequests(): void;
  close(): Promise<void>;
}

/**
 * Starts the five emulators. `seedSecrets` replaces the sample data's client secrets (the secrets a vendor
 * already holds and, for cPanel and Akamai, returns on every read) so a test can search for them too.
 */
export async function startFiveVendors(
  credentials: Credentials,
  seedSecrets: (where: string) => string = () => randomBytes(12).toString('hex'),
  /** Rewrites every URL in the sample data (to point them all at a canary server, say). */
  rewriteUrl: (url: string) => string = (url) => url,
): Promise<FiveVendors> {
  const rewrite = <T>(value: T): T => rewriteUrls(value, rewriteUrl);
  const modules = rewrite(structuredClone(CPANEL_SAMPLE_MODULES)).map((module) =>
    module.clientConfig
      ? { ...module, clientConfig: { ...module.clientConfig, client_secret: seedSecrets(`cpanel-${module.id}`) } }
      : module,
  );
  const akamaiSeeds = rewrite(akamaiSampleProviders()).map((provider) =>
    typeof provider.client_secret === 'string' ? { ...provider, client_secret: seedSecrets(`akamai-${String(provider.title)}`) } : provider,
  );
  const slashidSeeds = rewrite(sampleCredentials()).map((credential) => ({
    ...credential,
    client_secret: seedSecrets(`slashid-${credential.provider}`),
  }));
  const [cpanel, akamai, twosms, huawei, slashid] = await Promise.all([
    createCpanelEmulator({ username: 'root', apiToken: credentials.cpanelApiToken, modules }),
    createAkamaiEmulator({
      customerId: SANDBOX_CUSTOMER_ID,
      clientId: 'sec-config-client',
      clientSecret: credentials.akamaiClientSecret,
      apps: { [SANDBOX_APP_ID]: akamaiSeeds },
    }),
    createTwoSmsEmulator({
      clientId: 'northwind-gateway',
      clientSecret: credentials.twosmsClientSecret,
      userId: SAMPLE_USER_ID,
      providers: rewrite(twoSmsSampleProviders()),
      foreignDomains: sampleForeignDomains,
      txtRecords: sampleTxtRecords(),
    }),
    createHuaweiEmulator({
      users: [{ ...SAMPLE_USER, password: credentials.huaweiPassword }],
      identityProviders: rewrite(structuredClone(SAMPLE_IDENTITY_PROVIDERS)),
    }),
    createSlashIdEmulator({ orgId: SANDBOX_ORG_ID, apiKey: credentials.slashidApiKey, credentials: slashidSeeds }),
  ]);
  const env: NodeJS.ProcessEnv = {
    SEC_CPANEL_TOKEN: credentials.cpanelApiToken,
    SEC_AKAMAI_SECRET: credentials.akamaiClientSecret,
    SEC_TWOSMS_SECRET: credentials.twosmsClientSecret,
    SEC_HUAWEI_PASSWORD: credentials.huaweiPassword,
    SEC_SLASHID_KEY: credentials.slashidApiKey,
  };
  const connections = [
    { id: CONNECTION_IDS.cpanel, vendor: 'cpanel', baseUrl: cpanel.url, username: 'root', apiToken: { env: 'SEC_CPANEL_TOKEN' } },
    {
      id: CONNECTION_IDS.akamai,
      vendor: 'akamai',
      baseUrl: akamai.url,
      customerId: SANDBOX_CUSTOMER_ID,
      appId: SANDBOX_APP_ID,
      clientId: 'sec-config-client',
      clientSecret: { env: 'SEC_AKAMAI_SECRET' },
    },
    {
      id: CONNECTION_IDS.twosms,
      vendor: 'twosms',
      baseUrl: twosms.url,
      clientId: 'northwind-gateway',
      clientSecret: { env: 'SEC_TWOSMS_SECRET' },
    },
    {
      id: CONNECTION_IDS.huawei,
      vendor: 'huawei',
      baseUrl: huawei.url,
      domainName: SAMPLE_USER.domainName,
      userName: SAMPLE_USER.userName,
      password: { env: 'SEC_HUAWEI_PASSWORD' },
    },
    { id: CONNECTION_IDS.slashid, vendor: 'slashid', baseUrl: slashid.url, orgId: SANDBOX_ORG_ID, apiKey: { env: 'SEC_SLASHID_KEY' } },
  ];
  const all = { cpanel, akamai, twosms, huawei, slashid };
  return {
    ...all,
    connections,
    env,
    requests: () => ({
      cpanel: cpanel.requests,
      akamai: akamai.requests,
      twosms: twosms.requests,
      huawei: huawei.requests,
      slashid: slashid.requests,
    }),
    clearRequests: () => {
      for (const emulator of Object.values(all)) emulator.clearRequests();
    },
    close: async () => {
      await Promise.all(Object.values(all).map((emulator) => emulator.close()));
    },
  };
}

export interface FiveVendorGateway extends Harness {
  store: Store;
  vendors: FiveVendors;
}

/**
 * A store of `kind` (default PGlite), the five emulators (`startFiveVendors` with these arguments, read when
 * the block starts) and a gateway over them with `tokens`, for the enclosing describe block.
 */
export function fiveVendorGateway(options: {
  kind?: StoreKind;
  credentials: Credentials;
  seedSecrets?: (where: string) => string;
  rewriteUrl?: (url: string) => string;
  tokens?: Parameters<typeof startHarness>[0]['tokens'];
}): FiveVendorGateway {
  const { kind = PGLITE, credentials, seedSecrets, rewriteUrl, tokens } = options;
  return suiteValue(
    async () => {
      const [store, vendors] = await Promise.all([kind.open(), startFiveVendors(credentials, seedSecrets, rewriteUrl)]);
      const connections = vendors.connections.map((connection) => ({ readBudgetMs: TEST_READ_BUDGET_MS, ...(connection as object) }));
      const harness = await startHarness({ store, connections, env: vendors.env, tokens });
      return { ...harness, store, vendors };
    },
    async (gateway) => {
      await gateway.close();
      await gateway.vendors.close();
      await gateway.store.close();
    },
  );
}

/** Requests that change something at the vendor (token requests excepted: they change nothing there). */
export function vendorWrites(requests: RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => {
    if (/\/token$|\/Token$|\/v3\/auth\/tokens$/.test(request.path)) return false;
    if (request.method !== 'GET') return true;
    // WHM API 1 is all GETs: its writes are the set_/enable_/disable_ functions.
    return /\/json-api\/(set_|enable_|disable_)/.test(request.path);
  });
}

/** A deep copy with every string that is an http(s) URL passed through `rewrite`. */
function rewriteUrls<T>(value: T, rewrite: (url: string) => string): T {
  if (typeof value === 'string') return (/^https?:\/\//.test(value) ? rewrite(value) : value) as T;
  if (Array.isArray(value)) return value.map((item) => rewriteUrls(item, rewrite)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewriteUrls(inner, rewrite)])) as T;
  }
  return value;
}
