// The four Huawei mutations as pipeline specs: input rules (no vendor call on failure), rules that need the
// live provider, and the adapter calls. Huawei federation holds no secret (the OIDC flow is id_token with a
// public JWKS), so no input field is a secret.
import { z } from 'zod';
import type { MutationSpec, NormalizedProvider } from '../../core/adapter.js';
import { NotFoundError, type FieldError } from '../../core/errors.js';
import type { HuaweiAdapter } from './adapter.js';
import { readDetails } from './model.js';
import {
  descriptionSchema,
  idpNameSchema,
  mergeOidcConfig,
  oidcConfigFields,
  ssoTypeSchema,
  type OidcConfigInput,
} from './rules.js';

type Spec<Input> = MutationSpec<HuaweiAdapter, Input>;

function requireCurrent(current: NormalizedProvider | null, operation: string): NormalizedProvider {
  if (!current) throw new NotFoundError(`${operation}: the identity provider does not exist`);
  return current;
}

const oidcInputOf = <T extends OidcConfigInput>(input: T): OidcConfigInput => ({
  accessMode: input.accessMode,
  idpUrl: input.idpUrl,
  clientId: input.clientId,
  authorizationEndpoint: input.authorizationEndpoint,
  scope: input.scope,
  responseType: input.responseType,
  responseMode: input.responseMode,
  signingKey: input.signingKey,
});

// ---- createHuaweiIdentityProvider ----

export const createInput = z
  .object({
    name: idpNameSchema,
    description: descriptionSchema.optional(),
    /** Left out: the vendor's default, disabled. */
    enabled: z.boolean().optional(),
    ssoType: ssoTypeSchema.optional(),
    ...oidcConfigFields,
  })
  .strict()
  .superRefine((input, ctx) => {
    // Which OIDC fields are required depends on accessMode: the same rule as a first setHuaweiOidcConfig.
    for (const error of mergeOidcConfig(null, oidcInputOf(input)).errors) {
      ctx.addIssue({ code: 'custom', path: error.path, message: error.message });
    }
  });
export type CreateHuaweiIdentityProviderInput = z.output<typeof createInput>;

export const createHuaweiIdentityProvider: Spec<CreateHuaweiIdentityProviderInput> = {
  operation: 'createHuaweiIdentityProvider',
  kind: 'create',
  input: createInput,
  secretFields: [],
  async apply(adapter, _current, input) {
    const merged = mergeOidcConfig(null, oidcInputOf(input));
    if (!merged.config) throw new Error('createHuaweiIdentityProvider: input was not validated');
    await adapter.createIdentityProvider({
      name: input.name,
      description: input.description,
      enabled: input.enabled,
      ssoType: input.ssoType,
      oidcConfig: merged.config,
    });
    return { providerKey: input.name };
  },
};

// ---- updateHuaweiIdentityProvider ----

export const updateInput = z
  .object({
    /** null clears the description. */
    description: descriptionSchema.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateHuaweiIdentityProviderInput = z.output<typeof updateInput>;

export const updateHuaweiIdentityProvider: Spec<UpdateHuaweiIdentityProviderInput> = {
  operation: 'updateHuaweiIdentityProvider',
  kind: 'update',
  input: updateInput,
  secretFields: [],
  async apply(adapter, current, input) {
    const key = requireCurrent(current, 'updateHuaweiIdentityProvider').key;
    const patch = {
      description: input.description === null ? '' : input.description,
      enabled: input.enabled,
    };
    // Nothing asked: no call (the vendor would answer 200 with the same object).
    if (patch.description !== undefined || patch.enabled !== undefined) await adapter.updateIdentityProvider(key, patch);
    return { providerKey: key };
  },
};

// ---- setHuaweiOidcConfig ----

export const setOidcInput = z.object({ ...oidcConfigFields }).strict();
export type SetHuaweiOidcConfigInput = z.output<typeof setOidcInput>;

function oidcProtocolError(current: NormalizedProvider): FieldError[] {
  const protocols = readDetails(current).protocols.map((p) => p.protocolId);
  if (protocols.includes('oidc')) return [];
  const has = protocols.length ? `has the ${protocols.join(', ')} protocol` : 'has no protocol registered';
  return [{ path: [], message: `identity provider ${current.key} ${has}; an OpenID Connect configuration needs the oidc protocol` }];
}

export const setHuaweiOidcConfig: Spec<SetHuaweiOidcConfigInput> = {
  operation: 'setHuaweiOidcConfig',
  kind: 'update',
  input: setOidcInput,
  secretFields: [],
  check(current, input) {
    if (!current) return [];
    const protocolErrors = oidcProtocolError(current);
    if (protocolErrors.length) return protocolErrors;
    return mergeOidcConfig(readDetails(current).oidcConfig, input).errors;
  },
  async apply(adapter, current, input) {
    const provider = requireCurrent(current, 'setHuaweiOidcConfig');
    const existing = readDetails(provider).oidcConfig;
    const merged = mergeOidcConfig(existing, input);
    if (!merged.config) throw new Error('setHuaweiOidcConfig: input was not checked');
    if (existing) await adapter.updateOidcConfig(provider.key, merged.config);
    else await adapter.createOidcConfig(provider.key, merged.config);
    return { providerKey: provider.key };
  },
};

// ---- deleteHuaweiIdentityProvider ----

export const deleteInput = z.object({}).strict();

export const deleteHuaweiIdentityProvider: Spec<z.output<typeof deleteInput>> = {
  operation: 'deleteHuaweiIdentityProvider',
  kind: 'delete',
  input: deleteInput,
  secretFields: [],
  async apply(adapter, current) {
    const provider = requireCurrent(current, 'deleteHuaweiIdentityProvider');
    const mappingIds = readDetails(provider).protocols.map((p) => p.mappingId);
    await adapter.deleteIdentityProvider(provider.key, mappingIds);
    return { providerKey: provider.key };
  },
};

export const huaweiMutations = [
  createHuaweiIdentityProvider,
  updateHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  deleteHuaweiIdentityProvider,
] as const;
