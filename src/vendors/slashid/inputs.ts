// The mutation inputs, camelCase (the adapter maps them to SlashID's wire names). Every rule SlashID would
// enforce is checked here or by core's shared rules (lengths and control characters per CREDENTIAL_STRINGS,
// the configuration-URL rule, an update that changes something), naming the input field, so a bad input
// costs no vendor call.
import { z } from 'zod';
import type { StringFieldRule } from '../../core/vendor-contract/adapter.js';
import { httpsConfigUrl, MAX_CONFIG_URL_LENGTH } from '../../core/inputs/https-url.js';
import { boundedList } from '../../core/inputs/list-rules.js';
import { APPLE_ID_LENGTH, OPTION_OWNERS, applePrivateKeyProblem, azureTenantProblem, secretLifetimeProblem } from './rules.js';
import { CONSISTENCY_LEVELS, MAX_CONSISTENCY_TIMEOUT, MIN_CONSISTENCY_TIMEOUT, oauthProvider, type OAuthProvider } from './wire.js';
import type { FieldError } from '../../core/errors.js';

/** Input option field -> wire option field. */
export const OPTION_WIRE_NAMES = {
  authorizeScopes: 'authorize_scopes',
  tenant: 'tenant',
  organizationUrl: 'organization_url',
  privateKey: 'private_key',
  teamId: 'team_id',
  keyId: 'key_id',
  secretLifetime: 'secret_lifetime',
} as const;
export type OptionField = keyof typeof OPTION_WIRE_NAMES;

/** The secret among the options, as a dotted input path (also its key in secretFingerprints). */
export const PRIVATE_KEY_FIELD = 'options.privateKey';

/**
 * Core's string rules (MutationSpec.strings). SlashID's spec states no lengths: the core default (1024) for
 * ids, labels, secrets and scopes, the configuration-URL cap for organizationUrl, and room for a PEM key
 * (an ES256 PKCS#8 key is about 240 characters) that spans lines.
 */
export const CREDENTIAL_STRINGS: Readonly<Record<string, StringFieldRule>> = {
  'options.organizationUrl': { max: MAX_CONFIG_URL_LENGTH },
  [PRIVATE_KEY_FIELD]: { max: 8 * 1024, multiline: true },
};

/** The fields that only say how SlashID should answer (consistency headers): they change nothing. */
export const CONSISTENCY_FIELDS = ['requiredConsistency', 'requiredConsistencyTimeout'] as const;

const fromProblem = (problem: (value: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const why = problem(value);
  if (why) ctx.addIssue({ code: 'custom', message: why });
};

const scope = z
  .string()
  .min(1, 'a scope must not be empty')
  .regex(/^\S+$/, 'a scope must not contain spaces: give each scope as its own list item');

const appleId = (field: string) => z.string().length(APPLE_ID_LENGTH, `${field} must be exactly ${APPLE_ID_LENGTH} characters`);

/**
 * The options of the credential's own provider (SlashID nests them under the provider's name; the gateway
 * does that for the caller). null resets a field to SlashID's default where it has one.
 */
const optionsInput = z
  .object({
    authorizeScopes: boundedList(scope, 'authorizeScopes')
      .nullish()
      .describe("Extra scopes, one per item (the provider's defaults are always requested)."),
    tenant: z
      .string()
      .superRefine(fromProblem(azureTenantProblem))
      .nullish()
      .describe('Azure AD only: tenant GUID, tenant domain, or common / organizations / consumers.'),
    organizationUrl: httpsConfigUrl({ field: 'organizationUrl' })
      .nullish()
      .describe('Okta only: the https:// organization URL, without user name or password.'),
    privateKey: z
      .string()
      .superRefine(fromProblem(applePrivateKeyProblem))
      .nullish()
      .describe('Apple only: the ES256 private key in PKCS#8 PEM. Write-only: never returned, stored only as a fingerprint.'),
    teamId: appleId('teamId').nullish().describe('Apple only: the 10-character team id.'),
    keyId: appleId('keyId').nullish().describe('Apple only: the 10-character key id.'),
    secretLifetime: z
      .string()
      .superRefine(fromProblem(secretLifetimeProblem))
      .nullish()
      .describe('Apple only: a Go duration from 5m to 4382h30m (15 777 000 s); default 720h (30 days).'),
  })
  .meta({
    title: 'SlashIdProviderOptionsInput',
    description:
      "Options of the credential's own provider; a field of another provider is refused. In an update, a field left out keeps its value and null resets it to SlashID's default (Apple's privateKey, teamId and keyId cannot be reset).",
  });
export type OptionsInput = z.infer<typeof optionsInput>;

/** The GraphQL enums of SlashID's wire values (graphql.ts shows them on the output types too). */
export const providerEnum = oauthProvider.meta({
  title: 'SlashIdOAuthProvider',
  description: 'The identity providers SlashID has OIDC credentials for.',
});
export const consistencyEnum = z.enum(CONSISTENCY_LEVELS).meta({
  title: 'SlashIdConsistency',
  description: 'How far a write must have spread before SlashID answers (SlashID-Required-Consistency).',
  valueDescriptions: { local_region: 'Wait for the local region only (SlashID default).', all_regions: 'Wait for every region.' },
});

const consistencyFields = {
  /** Sent as SlashID-Required-Consistency; SlashID's default is local_region. */
  requiredConsistency: consistencyEnum.nullish().describe('Sent as SlashID-Required-Consistency (SlashID default: LOCAL_REGION).'),
  /** Sent as SlashID-Required-Consistency-Timeout; SlashID's default is 30 s. */
  requiredConsistencyTimeout: z
    .number()
    .int('requiredConsistencyTimeout must be whole seconds')
    .min(MIN_CONSISTENCY_TIMEOUT, `requiredConsistencyTimeout must be ${MIN_CONSISTENCY_TIMEOUT} to ${MAX_CONSISTENCY_TIMEOUT} seconds`)
    .max(MAX_CONSISTENCY_TIMEOUT, `requiredConsistencyTimeout must be ${MIN_CONSISTENCY_TIMEOUT} to ${MAX_CONSISTENCY_TIMEOUT} seconds`)
    .nullish()
    .describe(
      'Seconds (1-120) SlashID may wait for the consistency level (SlashID-Required-Consistency-Timeout, default 30). When it is not reached in time the result is a retryable VendorError with vendorCode 408, and the change may still be applied.',
    ),
};
export interface ConsistencyInput {
  requiredConsistency?: (typeof CONSISTENCY_LEVELS)[number] | null;
  requiredConsistencyTimeout?: number | null;
}

/** Option fields given for a provider they do not belong to, as field errors. */
export function foreignOptionErrors(provider: string, options: OptionsInput | null | undefined): FieldError[] {
  if (!options) return [];
  const errors: FieldError[] = [];
  for (const field of Object.keys(OPTION_WIRE_NAMES) as OptionField[]) {
    if (options[field] === undefined) continue;
    const owners = (OPTION_OWNERS as Record<string, readonly OAuthProvider[]>)[OPTION_WIRE_NAMES[field]];
    if (owners && !owners.includes(provider as OAuthProvider)) {
      errors.push({ path: ['options', field], message: `${field} is an option of ${owners.join(', ')} credentials, not of ${provider}` });
    }
  }
  return errors;
}

function addAll(ctx: z.RefinementCtx, errors: FieldError[]): void {
  for (const error of errors) ctx.addIssue({ code: 'custom', path: error.path, message: error.message });
}

/** Descriptions shared by create and update. */
const docs = {
  clientSecret: 'The client secret the provider issued. Write-only: never returned, stored only as a fingerprint.',
  label: 'A free-form label.',
  externalCredId: 'An external credential id (external_cred_id).',
  enable: 'Whether the credentials can be used when SlashID acts as the OIDC authorization server.',
};

const clientId = z
  .string()
  .min(1, 'clientId must not be empty')
  .regex(/^[^/\s]+$/, 'clientId must not contain "/" or spaces (it is a path segment at SlashID)');

export const createCredentialInput = z
  .object({
    clientId: clientId.describe('The client id the provider issued; it becomes the key and cannot change.'),
    clientSecret: z.string().min(1, 'clientSecret must not be empty').describe(docs.clientSecret),
    provider: providerEnum.describe('The provider; it cannot change.'),
    label: z.string().nullish().describe(docs.label),
    externalCredId: z.string().nullish().describe(docs.externalCredId),
    enableInSlashidOidcAuthzServer: z.boolean().nullish().describe(docs.enable),
    options: optionsInput.nullish().describe('Apple needs privateKey, teamId and keyId.'),
    ...consistencyFields,
  })
  .superRefine((input, ctx) => {
    addAll(ctx, foreignOptionErrors(input.provider, input.options));
    if (input.provider !== 'apple') return;
    for (const field of ['privateKey', 'teamId', 'keyId'] as const) {
      if (!input.options?.[field])
        ctx.addIssue({ code: 'custom', path: ['options', field], message: `${field} is required for an apple credential` });
    }
  });
export type CreateCredentialInput = z.infer<typeof createCredentialInput>;

/** What null means per field of an update: clear it (label, externalCredId) or refuse (no way to clear). */
const notNull = <T extends z.ZodType>(schema: T, why: string) =>
  schema.nullish().superRefine((value, ctx) => {
    if (value === null) ctx.addIssue({ code: 'custom', message: why });
  });

export const updateCredentialInput = z
  .object({
    clientSecret: notNull(
      z.string().min(1, 'clientSecret must not be empty'),
      'clientSecret cannot be cleared: SlashID keeps one per credential',
    ).describe(`${docs.clientSecret} Give it to rotate the secret.`),
    /** null clears the label (sent as ""). */
    label: z.string().nullish().describe(`${docs.label} null clears it.`),
    /** null clears the external credential id (sent as ""). */
    externalCredId: z.string().nullish().describe(`${docs.externalCredId} null clears it.`),
    enableInSlashidOidcAuthzServer: notNull(z.boolean(), 'enableInSlashidOidcAuthzServer must be true or false').describe(docs.enable),
    options: notNull(optionsInput, 'options cannot be cleared as a whole: set its fields to null to reset them'),
    ...consistencyFields,
  })
  .superRefine((input, ctx) => {
    for (const field of ['privateKey', 'teamId', 'keyId'] as const) {
      if (input.options?.[field] === null)
        ctx.addIssue({ code: 'custom', path: ['options', field], message: `${field} cannot be cleared: Apple credentials require it` });
    }
  });
export type UpdateCredentialInput = z.infer<typeof updateCredentialInput>;

export const deleteCredentialInput = z.object({ ...consistencyFields });
export type DeleteCredentialInput = z.infer<typeof deleteCredentialInput>;
