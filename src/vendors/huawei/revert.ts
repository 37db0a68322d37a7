// How a succeeded Huawei change is undone. Huawei federation holds no secret (id_token flow with a public
// JWKS), so a revert never has a secret to ask for again: secretsToResupply is always empty.
//
// - createHuaweiIdentityProvider: deleteHuaweiIdentityProvider (the IdP, its protocol and OIDC configuration,
//   and the mapping_<name> it was created with).
// - updateHuaweiIdentityProvider: the same mutation, setting the fields it touched (description, enabled)
//   back; a description that was empty is cleared again.
// - setHuaweiOidcConfig: the same mutation with the configuration as it was. Only the fields the vendor uses
//   under the old access mode are sent: under `program` the console fields are refused by the input rules and
//   never sent, so console values the change stored stay stored (unused) after the revert. A configuration
//   the change created cannot be removed (Huawei has no call for it): unsupported.
// - deleteHuaweiIdentityProvider: createHuaweiIdentityProvider from `before`, where the gateway's create can
//   build that provider (an OIDC IdP with one oidc protocol on mapping_<name>, a complete configuration, no
//   remote ids). The mapping is created with the gateway's default rule: a mapping's rules are not part of a
//   provider's recorded state, so rules edited outside the gateway cannot be restored.
import type { MutationSpec, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { RevertPlan, RevertRequest } from '../../core/vendor-contract/vendor-module.js';
import { OIDC_PROTOCOL, defaultMappingId, readDetails, type HuaweiOidcConfig } from './normalize.js';
import {
  createHuaweiIdentityProvider,
  deleteHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  updateHuaweiIdentityProvider,
} from './mutations.js';
import { SSO_TYPES } from './wire.js';

const CONSOLE_FIELDS = ['authorizationEndpoint', 'scope', 'responseType', 'responseMode'] as const;
const PROGRAM_FIELDS = ['accessMode', 'idpUrl', 'clientId', 'signingKey'] as const;

/** The configuration fields the vendor uses under the configuration's own access mode, non-empty ones only. */
function usedOidcFields(config: HuaweiOidcConfig): Record<string, string> {
  const fields = config.accessMode === 'program_console' ? [...PROGRAM_FIELDS, ...CONSOLE_FIELDS] : PROGRAM_FIELDS;
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = config[field];
    if (value !== null) out[field] = value;
  }
  return out;
}

/** The command, if its input passes the spec's own schema; else why the before state cannot be sent back. */
function command(spec: MutationSpec<never, unknown>, providerKey: string | null, input: Record<string, unknown>, what: string): RevertPlan {
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'} ${issue.message}`).join('; ');
    return { unsupported: `${what} cannot be sent back through ${spec.operation}, whose input rules refuse it: ${problems}` };
  }
  return { spec, providerKey, input, secretsToResupply: [] };
}

function recreate(before: NormalizedProvider): RevertPlan {
  const details = readDetails(before);
  const key = before.key;
  const cannot = (why: string): RevertPlan => ({
    unsupported: `identity provider ${key} cannot be re-created by the gateway: ${why}; createHuaweiIdentityProvider only creates an OIDC identity provider with its own mapping ${defaultMappingId(key)}`,
  });
  const protocols = details.protocols;
  const own = protocols.length === 1 && protocols[0]!.protocolId === OIDC_PROTOCOL && protocols[0]!.mappingId === defaultMappingId(key);
  if (!own) {
    const had = protocols.length ? protocols.map((p) => `${p.protocolId} on mapping ${p.mappingId}`).join(', ') : 'no protocol';
    return cannot(`it had ${had}`);
  }
  if (!details.oidcConfig) return cannot('it had no OpenID Connect configuration');
  if (details.remoteIds.length) return cannot(`it had remote ids (${details.remoteIds.join(', ')}), which the gateway cannot set`);
  if (!(SSO_TYPES as readonly string[]).includes(details.ssoType))
    return cannot(`its sso type ${details.ssoType} is not one the gateway knows`);
  const input: Record<string, unknown> = { name: key, ssoType: details.ssoType, ...usedOidcFields(details.oidcConfig) };
  if (details.description !== null) input.description = details.description;
  if (before.enabled !== null) input.enabled = before.enabled;
  return command(createHuaweiIdentityProvider as never, null, input, `the state identity provider ${key} had before it was deleted`);
}

export function revertHuaweiChange({ operation, providerKey, input, before }: RevertRequest): RevertPlan {
  switch (operation) {
    case 'createHuaweiIdentityProvider':
      return { spec: deleteHuaweiIdentityProvider, providerKey, input: {}, secretsToResupply: [] };
    case 'updateHuaweiIdentityProvider': {
      if (!before) return { unsupported: `the event holds no state of identity provider ${providerKey} from before the change` };
      const restored: Record<string, unknown> = {};
      // null clears the description (sent as "", the vendor's empty value).
      if (input.description !== undefined) restored.description = readDetails(before).description;
      if (input.enabled !== undefined) {
        if (before.enabled === null)
          return { unsupported: `the event does not say whether identity provider ${providerKey} was enabled before` };
        restored.enabled = before.enabled;
      }
      return command(
        updateHuaweiIdentityProvider as never,
        providerKey,
        restored,
        `the description and enabled flag of ${providerKey} before the change`,
      );
    }
    case 'setHuaweiOidcConfig': {
      if (!before) return { unsupported: `the event holds no state of identity provider ${providerKey} from before the change` };
      const config = readDetails(before).oidcConfig;
      if (!config) {
        return {
          unsupported: `identity provider ${providerKey} had no OpenID Connect configuration before this change created one, and Huawei has no call to remove a configuration (deleteHuaweiIdentityProvider removes the whole identity provider)`,
        };
      }
      return command(
        setHuaweiOidcConfig as never,
        providerKey,
        usedOidcFields(config),
        `the OpenID Connect configuration ${providerKey} had before the change`,
      );
    }
    case 'deleteHuaweiIdentityProvider':
      if (!before) return { unsupported: `the event holds no state of identity provider ${providerKey} from before it was deleted` };
      return recreate(before);
    default:
      return { unsupported: `${operation} cannot be reverted` };
  }
}
