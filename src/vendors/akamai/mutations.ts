// The Akamai custom-provider mutations. Inputs are the camelCase of the wire members; a member of another
// protocol is refused here (the vendor would answer 422), so nothing is sent for it. Update is a JSON merge
// patch, partial by nature; only attribute_map needs the current state, because a merge patch would keep
// entries the new map leaves out. There is no delete mutation: Akamai has no delete operation.
// Each mutation is planned first (one request, and the provider it will leave behind, predicted by
// predict.ts through the read normalizer) and then applied by sending exactly the planned request.
import { z } from 'zod';
import type { MutationSpec, NormalizedProvider, PlannedRequest, StringFieldRule } from '../../core/adapter.js';
import type { FieldError } from '../../core/errors.js';
import { httpsConfigUrl, MAX_CONFIG_URL_LENGTH } from '../../core/https-url.js';
import type { AkamaiAdapter } from './adapter.js';
import { bareCertificate, parseCertificate } from './certificate.js';
import { predictCreated, predictModified } from './predict.js';
import { FIELD_PROTOCOLS, type ProviderWrite, TOKEN_AUTH_METHODS, type WireField, WIRE_PROTOCOLS, type WireProtocol } from './wire.js';

// Lengths and control characters are core's rules, declared per field in STRINGS (Akamai documents no
// limits: 255 for names, attribute paths and scopes, 16 KiB for a certificate, the core defaults elsewhere).
const text = (field: string) =>
  z.string({ error: `${field} must be a string` }).refine((value) => value.trim() !== '', `${field} must not be empty`);

/** Akamai accepts HTTPS only (VENDORS.md 2.3): core's one rule for configuration URLs. */
const httpsUrl = (field: string) => httpsConfigUrl({ field });

const NAME: StringFieldRule = { max: 255 };
const URL_FIELD: StringFieldRule = { max: MAX_CONFIG_URL_LENGTH };
/** A base64 DER or PEM certificate (PEM spans lines); 16 KiB is several times the largest seen. */
const CERTIFICATE: StringFieldRule = { max: 16 * 1024, multiline: true };

const STRINGS: Record<string, StringFieldRule> = {
  title: NAME,
  'ui.title': NAME,
  'ui.iconUrl': URL_FIELD,
  authUrl: URL_FIELD,
  tokenUrl: URL_FIELD,
  profileUrl: URL_FIELD,
  'scopes.*': NAME,
  identifierAttribute: NAME,
  'attributeMap.*.identityCloudAttribute': NAME,
  'attributeMap.*.providerAttribute': NAME,
  idpCertificate: CERTIFICATE,
  'idpCertificateChain.*': CERTIFICATE,
};

const certificate = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((value) => parseCertificate(value) !== null, `${field} must be an X.509 certificate (base64 DER or PEM)`)
    .transform(bareCertificate);

const uiInput = z.object({ title: text('ui.title').nullish(), iconUrl: httpsUrl('ui.iconUrl').nullish() });

const attributeMapInput = z
  .array(z.object({ identityCloudAttribute: text('identityCloudAttribute'), providerAttribute: text('providerAttribute') }))
  .superRefine((pairs, ctx) => {
    const seen = new Set<string>();
    pairs.forEach((pair, index) => {
      if (seen.has(pair.identityCloudAttribute)) {
        ctx.addIssue({ code: 'custom', path: [index, 'identityCloudAttribute'], message: `attributeMap maps "${pair.identityCloudAttribute}" twice` });
      }
      seen.add(pair.identityCloudAttribute);
    });
  });

const scopesInput = z.array(text('scopes').refine((s) => !/\s/.test(s), 'a scope must not contain spaces')).min(1, 'scopes must list at least one scope (or be null to remove them)');

/** Its inner members are undocumented [?]: any JSON object is passed on as given. */
const authnContextInput = z.record(z.string(), z.json(), { error: 'authnContext must be a JSON object (or null to disable it)' });

/** Input field -> wire member. */
const WIRE_NAMES = {
  title: 'title',
  protocol: 'protocol',
  ui: 'ui',
  authUrl: 'auth_url',
  tokenUrl: 'token_url',
  profileUrl: 'profile_url',
  clientId: 'client_id',
  clientSecret: 'client_secret',
  tokenAuthMethod: 'token_auth_method',
  scopes: 'scopes',
  identifierAttribute: 'identifier_attribute',
  attributeMap: 'attribute_map',
  idpCertificate: 'idp_certificate',
  idpCertificateChain: 'idp_certificate_chain',
  authnContext: 'authn_context',
} as const satisfies Record<string, WireField>;
type InputField = keyof typeof WIRE_NAMES;

/** How messages name the protocols. */
const PROTOCOL_LABEL: Record<WireProtocol, string> = { openidconnect: 'OpenID Connect', saml2: 'SAML 2', oauth2: 'OAuth 2.0' };

function protocolFamily(wire: string): WireProtocol | null {
  if (wire === 'oauth') return 'oauth2';
  return (WIRE_PROTOCOLS as readonly string[]).includes(wire) ? (wire as WireProtocol) : null;
}

/** Fields given (`given` decides what counts) that the protocol does not have. */
function wrongProtocolFields(protocol: WireProtocol, input: Record<string, unknown>, given: (value: unknown) => boolean): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(input)) {
    const wire = WIRE_NAMES[field as InputField];
    if (!wire || !given(value)) continue;
    const allowed = FIELD_PROTOCOLS[wire] as readonly WireProtocol[];
    if (!allowed.includes(protocol)) {
      errors.push({
        path: [field],
        message: `${field} is only for ${allowed.map((p) => PROTOCOL_LABEL[p]).join(' and ')} providers, not ${PROTOCOL_LABEL[protocol]}`,
      });
    }
  }
  return errors;
}

/** What each protocol cannot work without (the gateway's rule; Akamai itself only documents `title`). */
const REQUIRED_ON_CREATE: Record<WireProtocol, InputField[]> = {
  openidconnect: ['tokenUrl', 'clientId', 'clientSecret'],
  oauth2: ['tokenUrl', 'clientId', 'clientSecret'],
  saml2: ['idpCertificate'],
};

const createInput = z
  .object({
    title: text('title'),
    protocol: z.enum(WIRE_PROTOCOLS, { error: `protocol must be one of ${WIRE_PROTOCOLS.join(', ')}` }),
    ui: uiInput.nullish(),
    authUrl: httpsUrl('authUrl'),
    tokenUrl: httpsUrl('tokenUrl').nullish(),
    profileUrl: httpsUrl('profileUrl').nullish(),
    clientId: text('clientId').nullish(),
    clientSecret: text('clientSecret').nullish(),
    tokenAuthMethod: z.enum(TOKEN_AUTH_METHODS).nullish(),
    scopes: scopesInput.nullish(),
    identifierAttribute: text('identifierAttribute').nullish(),
    attributeMap: attributeMapInput.nullish(),
    idpCertificate: certificate('idpCertificate').nullish(),
    idpCertificateChain: z.array(certificate('idpCertificateChain')).nullish(),
    authnContext: authnContextInput.nullish(),
  })
  .superRefine((input, ctx) => {
    const present = (value: unknown) => value !== undefined && value !== null;
    const problems = wrongProtocolFields(input.protocol, input, present);
    for (const field of REQUIRED_ON_CREATE[input.protocol]) {
      if (!present(input[field])) problems.push({ path: [field], message: `${field} is required for ${PROTOCOL_LABEL[input.protocol]} providers` });
    }
    for (const problem of problems) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
type CreateInput = z.infer<typeof createInput>;

/** Members Akamai needs to keep: leaving them out keeps them, null is refused. */
const kept = <T extends z.ZodType>(field: string, schema: T) =>
  // nullable() rather than a union with null: a union would hide the member's own message behind "Invalid input".
  schema.nullable().optional().refine((value) => value !== null, `${field} cannot be removed; leave it out to keep its value`);

const updateInput = z
  .object({
    title: kept('title', text('title')),
    ui: kept('ui', uiInput),
    authUrl: kept('authUrl', httpsUrl('authUrl')),
    tokenUrl: kept('tokenUrl', httpsUrl('tokenUrl')),
    profileUrl: httpsUrl('profileUrl').nullish(),
    clientId: kept('clientId', text('clientId')),
    clientSecret: kept('clientSecret', text('clientSecret')),
    tokenAuthMethod: z.enum(TOKEN_AUTH_METHODS).nullish(),
    scopes: scopesInput.nullish(),
    identifierAttribute: text('identifierAttribute').nullish(),
    attributeMap: attributeMapInput.nullish(),
    idpCertificate: kept('idpCertificate', certificate('idpCertificate')),
    idpCertificateChain: z.array(certificate('idpCertificateChain')).nullish(),
    authnContext: authnContextInput.nullish(),
  });
type UpdateInput = z.infer<typeof updateInput>;

function attributeMap(pairs: Array<{ identityCloudAttribute: string; providerAttribute: string }>): Record<string, string> {
  return Object.fromEntries(pairs.map((pair) => [pair.identityCloudAttribute, pair.providerAttribute]));
}

/** The wire body of a create: absent and null inputs are left out. */
function createBody(input: CreateInput): ProviderWrite {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    const wire = WIRE_NAMES[field as InputField];
    if (field === 'ui') {
      const ui = value as NonNullable<CreateInput['ui']>;
      body.ui = { ...(ui.title != null ? { title: ui.title } : {}), ...(ui.iconUrl != null ? { icon_url: ui.iconUrl } : {}) };
    } else if (field === 'attributeMap') body.attribute_map = attributeMap(value as NonNullable<CreateInput['attributeMap']>);
    else body[wire] = value;
  }
  return body as ProviderWrite;
}

/**
 * The merge patch of an update: given members only, null removes. A new attributeMap replaces the old one,
 * so the entries it drops are sent as null (a merge patch would otherwise keep them).
 */
function updatePatch(input: UpdateInput, current: NormalizedProvider | null): ProviderWrite {
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const wire = WIRE_NAMES[field as InputField];
    if (field === 'ui') {
      const ui = value as NonNullable<UpdateInput['ui']>;
      const member: Record<string, unknown> = {};
      if (ui.title !== undefined) member.title = ui.title;
      if (ui.iconUrl !== undefined) member.icon_url = ui.iconUrl;
      if (Object.keys(member).length) patch.ui = member;
    } else if (field === 'attributeMap' && value !== null) {
      const next: Record<string, string | null> = attributeMap(value as NonNullable<UpdateInput['attributeMap']>);
      const old = (current?.details.attributeMap ?? {}) as Record<string, unknown>;
      for (const key of Object.keys(old)) if (!(key in next)) next[key] = null;
      patch.attribute_map = next;
    } else patch[wire] = value;
  }
  return patch as ProviderWrite;
}

/** The one request of a plan (both mutations send exactly one). */
function onlyRequest(requests: PlannedRequest[]): PlannedRequest {
  const [request, ...rest] = requests;
  if (!request || rest.length) throw new Error(`an Akamai plan holds exactly one request, not ${requests.length}`);
  return request;
}

export const createAkamaiCustomProvider: MutationSpec<AkamaiAdapter, CreateInput> = {
  operation: 'createAkamaiCustomProvider',
  kind: 'create',
  input: createInput,
  secretFields: ['clientSecret'],
  strings: STRINGS,
  async plan(adapter, _current, input, context) {
    const body = createBody(input);
    // Akamai assigns the id: the plan cannot name the key, and `after` shows a placeholder for it.
    return { requests: [adapter.createRequest(body)], after: predictCreated(body, context.fingerprinter), providerKey: null };
  },
  async apply(adapter, plan) {
    return { providerKey: await adapter.sendCreate(onlyRequest(plan.requests)) };
  },
};

export const updateAkamaiCustomProvider: MutationSpec<AkamaiAdapter, UpdateInput> = {
  operation: 'updateAkamaiCustomProvider',
  kind: 'update',
  input: updateInput,
  secretFields: ['clientSecret'],
  strings: STRINGS,
  check(current, input) {
    if (!current) return [];
    const protocol = protocolFamily(String(current.details.wireProtocol ?? ''));
    if (!protocol) return [];
    // On an update a null counts too: removing a member the provider cannot have is still a wrong member.
    return wrongProtocolFields(protocol, input, (value) => value !== undefined);
  },
  async plan(adapter, current, input, context) {
    if (!current) throw new Error('updateAkamaiCustomProvider needs the current provider to plan');
    const patch = updatePatch(input, current);
    return {
      requests: [adapter.modifyRequest(current.key, patch)],
      after: predictModified(current, patch, context.fingerprinter),
      providerKey: current.key,
    };
  },
  async apply(adapter, plan, current) {
    await adapter.sendModify(onlyRequest(plan.requests));
    return { providerKey: plan.providerKey ?? current!.key };
  },
};
