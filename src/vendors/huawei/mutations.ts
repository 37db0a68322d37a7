// The four Huawei mutations as pipeline specs: their inputs (inputs.ts: no vendor call on failure), rules that
// need the live provider, the plan (the exact writes, built from the input and the current state, and the
// provider they will produce) and its apply (sends exactly the planned writes, in order). Huawei federation
// holds no secret (the OIDC flow is id_token with a public JWKS), so no input field is a secret.
import type { MutationPlan, MutationSpec, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import { NotFoundError, type FieldError } from '../../core/errors.js';
import type { HuaweiAdapter } from './adapter.js';
import { OIDC_PROTOCOL, defaultMappingId, oidcConfigToWire, readDetails } from './normalize.js';
import { predictCreated, predictIdentityProviderPatched, predictOidcConfigSet } from './predict.js';
import {
  DEFAULT_MAPPING,
  buildCreateIdentityProviderRequest,
  buildCreateMappingRequest,
  buildCreateOidcConfigRequest,
  buildCreateProtocolRequest,
  buildDeleteIdentityProviderRequest,
  buildDeleteMappingRequest,
  buildUpdateIdentityProviderRequest,
  buildUpdateOidcConfigRequest,
  creationOf,
  targetOf,
} from './requests.js';
import {
  createInput,
  deleteInput,
  IDP_STRINGS,
  OIDC_STRINGS,
  oidcInputOf,
  setOidcInput,
  updateInput,
  type CreateHuaweiIdentityProviderInput,
  type DeleteHuaweiIdentityProviderInput,
  type SetHuaweiOidcConfigInput,
  type UpdateHuaweiIdentityProviderInput,
} from './inputs.js';
import { mergeOidcConfig } from './rules.js';
import { annotate, runSteps } from './steps.js';
import type { CreateIdentityProviderBody, OidcConfigBody, UpdateIdentityProviderBody } from './wire.js';
import { huaweiSources } from './setup.js';

type Spec<Input> = MutationSpec<HuaweiAdapter, Input>;

function requireCurrent(current: NormalizedProvider | null, operation: string): NormalizedProvider {
  if (!current) throw new NotFoundError(`${operation}: the identity provider does not exist`);
  return current;
}

// ---- createHuaweiIdentityProvider ----

export const createHuaweiIdentityProvider: Spec<CreateHuaweiIdentityProviderInput> = {
  operation: 'createHuaweiIdentityProvider',
  sources: huaweiSources,
  kind: 'create',
  input: createInput,
  secretFields: [],
  strings: { ...IDP_STRINGS, ...OIDC_STRINGS },
  /** IdP, mapping, oidc protocol, OIDC configuration: the order the vendor needs (VENDORS.md 4.6, Terraform's). */
  async plan(_adapter, _current, input) {
    const merged = mergeOidcConfig(null, oidcInputOf(input));
    if (!merged.config) throw new Error('createHuaweiIdentityProvider: input was not validated');
    const id = input.name;
    const mappingId = defaultMappingId(id);
    const idpBody: CreateIdentityProviderBody = { identity_provider: {} };
    if (input.ssoType !== undefined) idpBody.identity_provider.sso_type = input.ssoType;
    if (input.description !== undefined) idpBody.identity_provider.description = input.description;
    if (input.enabled !== undefined) idpBody.identity_provider.enabled = input.enabled;
    const configBody: OidcConfigBody = { openid_connect_config: oidcConfigToWire(merged.config) };
    const undone = 'deleted again if a later step fails';
    const enabled = input.enabled === undefined ? 'disabled, the vendor default' : input.enabled ? 'enabled' : 'disabled';
    const requests = [
      buildCreateIdentityProviderRequest(id, idpBody, `create identity provider ${id} (${enabled}); ${undone}`),
      buildCreateMappingRequest(
        mappingId,
        DEFAULT_MAPPING,
        `create mapping ${mappingId}: whoever ${id} vouches for signs in as FederationUser; ${undone}`,
      ),
      buildCreateProtocolRequest(
        id,
        OIDC_PROTOCOL,
        mappingId,
        `register the ${OIDC_PROTOCOL} protocol of ${id} with mapping ${mappingId}; ${undone}`,
      ),
      buildCreateOidcConfigRequest(
        id,
        configBody,
        `create the OpenID Connect configuration of ${id} (access mode ${merged.config.accessMode}); if this fails, the protocol, mapping and identity provider created before it are deleted again`,
      ),
    ];
    return { requests, after: predictCreated(id, idpBody, mappingId, configBody), providerKey: id };
  },
  /** The planned writes in order; when one fails, the ones already done are undone in reverse (steps.ts). */
  async apply(adapter, plan, _current, input) {
    await runSteps(
      plan.requests.map((request) => {
        const { what, undo } = creationOf(request);
        return { what, run: () => adapter.sendPlanned(request), undo: undo && (() => adapter.sendPlanned(undo)) };
      }),
    );
    return { providerKey: plan.providerKey ?? input.name };
  },
};

// ---- updateHuaweiIdentityProvider ----

/** Sends the planned writes in order; any failure stops there (a single write has nothing to undo). */
async function sendAll(adapter: HuaweiAdapter, plan: MutationPlan): Promise<void> {
  for (const request of plan.requests) await adapter.sendPlanned(request);
}

export const updateHuaweiIdentityProvider: Spec<UpdateHuaweiIdentityProviderInput> = {
  operation: 'updateHuaweiIdentityProvider',
  kind: 'update',
  input: updateInput,
  secretFields: [],
  strings: { description: IDP_STRINGS.description },
  async plan(_adapter, current, input) {
    const provider = requireCurrent(current, 'updateHuaweiIdentityProvider');
    // PATCH with only the fields given; the vendor keeps the others. "" is how the vendor clears a description.
    const body: UpdateIdentityProviderBody = { identity_provider: {} };
    const changing: string[] = [];
    if (input.description !== undefined) {
      body.identity_provider.description = input.description ?? '';
      changing.push(input.description === null ? 'clear the description' : 'set the description');
    }
    if (input.enabled !== undefined) {
      body.identity_provider.enabled = input.enabled;
      changing.push(input.enabled ? 'enable it' : 'disable it');
    }
    // Nothing asked: no call (the vendor would answer 200 with the same object). Through the pipeline this does
    // not happen: core refuses an update without a field to change before any plan.
    if (!changing.length) return { requests: [], after: provider, providerKey: provider.key };
    return {
      requests: [
        buildUpdateIdentityProviderRequest(provider.key, body, `update identity provider ${provider.key}: ${changing.join(', ')}`),
      ],
      after: predictIdentityProviderPatched(provider, body),
      providerKey: provider.key,
    };
  },
  async apply(adapter, plan, current) {
    await sendAll(adapter, plan);
    return { providerKey: plan.providerKey ?? requireCurrent(current, 'updateHuaweiIdentityProvider').key };
  },
};

// ---- setHuaweiOidcConfig ----

function oidcProtocolError(current: NormalizedProvider): FieldError[] {
  const protocols = readDetails(current).protocols.map((p) => p.protocolId);
  if (protocols.includes('oidc')) return [];
  const has = protocols.length ? `has the ${protocols.join(', ')} protocol` : 'has no protocol registered';
  return [{ path: [], message: `identity provider ${current.key} ${has}; an OpenID Connect configuration needs the oidc protocol` }];
}

export const setHuaweiOidcConfig: Spec<SetHuaweiOidcConfigInput> = {
  operation: 'setHuaweiOidcConfig',
  sources: huaweiSources,
  kind: 'update',
  input: setOidcInput,
  secretFields: [],
  strings: OIDC_STRINGS,
  check(current, input) {
    if (!current) return [];
    const protocolErrors = oidcProtocolError(current);
    if (protocolErrors.length) return protocolErrors;
    return mergeOidcConfig(readDetails(current).oidcConfig, input).errors;
  },
  async plan(_adapter, current, input) {
    const provider = requireCurrent(current, 'setHuaweiOidcConfig');
    const existing = readDetails(provider).oidcConfig;
    const merged = mergeOidcConfig(existing, input);
    if (!merged.config) throw new Error('setHuaweiOidcConfig: input was not checked');
    const body: OidcConfigBody = { openid_connect_config: oidcConfigToWire(merged.config) };
    const fields = Object.keys(input).filter((field) => input[field as keyof SetHuaweiOidcConfigInput] !== undefined);
    const request = existing
      ? // PUT of the whole (already merged) configuration, so the result does not depend on how the vendor merges.
        buildUpdateOidcConfigRequest(
          provider.key,
          body,
          `replace the OpenID Connect configuration of ${provider.key} with the current one merged with the input${fields.length ? ` (${fields.join(', ')})` : ''}`,
        )
      : buildCreateOidcConfigRequest(provider.key, body, `create the OpenID Connect configuration of ${provider.key} (it has none yet)`);
    return { requests: [request], after: predictOidcConfigSet(provider, body, existing !== null), providerKey: provider.key };
  },
  async apply(adapter, plan, current) {
    await sendAll(adapter, plan);
    return { providerKey: plan.providerKey ?? requireCurrent(current, 'setHuaweiOidcConfig').key };
  },
};

// ---- deleteHuaweiIdentityProvider ----

export const deleteHuaweiIdentityProvider: Spec<DeleteHuaweiIdentityProviderInput> = {
  operation: 'deleteHuaweiIdentityProvider',
  kind: 'delete',
  input: deleteInput,
  secretFields: [],
  /**
   * The IdP (its protocols and OIDC configuration go with it), then the mappings it was created with
   * (`mapping_<id>`); mappings of other names may be shared and stay.
   */
  async plan(_adapter, current) {
    const provider = requireCurrent(current, 'deleteHuaweiIdentityProvider');
    const own = defaultMappingId(provider.key);
    const mappingIds = readDetails(provider).protocols.some((p) => p.mappingId === own) ? [own] : [];
    return {
      requests: [
        buildDeleteIdentityProviderRequest(
          provider.key,
          `delete identity provider ${provider.key} (its protocols and OpenID Connect configuration go with it)`,
        ),
        ...mappingIds.map((mappingId) =>
          buildDeleteMappingRequest(
            mappingId,
            `delete mapping ${mappingId}, which ${provider.key} was created with (already gone counts as deleted)`,
          ),
        ),
      ],
      after: null,
      providerKey: provider.key,
    };
  },
  async apply(adapter, plan, current) {
    const key = plan.providerKey ?? requireCurrent(current, 'deleteHuaweiIdentityProvider').key;
    for (const request of plan.requests) {
      const target = targetOf(request.path);
      if (target?.kind !== 'mapping') {
        await adapter.sendPlanned(request);
        continue;
      }
      try {
        await adapter.sendPlanned(request, { goneIsFine: true });
      } catch (error) {
        throw annotate(error, `identity provider ${key} was deleted, but its mapping ${target.mappingId} was not: remove it by hand`);
      }
    }
    return { providerKey: key };
  },
};

export const huaweiMutations = [
  createHuaweiIdentityProvider,
  updateHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  deleteHuaweiIdentityProvider,
] as const;
