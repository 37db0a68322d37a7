// How a succeeded SlashID change is undone. SlashID never returns the client secret and the gateway keeps
// only fingerprints (of the Apple private key too), so no secret can be restored:
//
// - createSlashIdOidcCredential: deleteSlashIdOidcCredential of the credential it created (with the
//   consistency the create asked for). Nothing is kept, so there is no secret to supply again.
// - updateSlashIdOidcCredential: the same mutation setting each non-secret field the change touched back to
//   its `before` value (label and externalCredId are cleared where they were empty; an option that was unset
//   is reset to SlashID's default). A client secret or Apple private key the change set cannot be put back:
//   the revert keeps the current one and lists it in secretsToResupply. When the change set only secrets,
//   the revert re-sends enableInSlashidOidcAuthzServer with the value it has (SlashID takes no empty change),
//   so the revert still runs through the pipeline, is audited, and names the secrets.
// - deleteSlashIdOidcCredential: unsupported. Re-creating the credential needs its client secret (SlashID
//   requires client_secret on create; an Apple credential also needs its private key), and the gateway never
//   holds it. A create with a placeholder secret would not be a revert: it would leave a credential whose
//   sign-ins fail, and the revert input must pass the create's own rules, which require the secret. The
//   reason names the secrets and the non-secret create input, so a person or tool can re-create it with them.
import type { MutationSpec, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { RevertPlan, RevertRequest } from '../../core/vendor-contract/vendor-module.js';
import { OPTION_WIRE_NAMES, PRIVATE_KEY_FIELD, type OptionField } from './inputs.js';
import { createSlashIdOidcCredential, deleteSlashIdOidcCredential, updateSlashIdOidcCredential } from './mutations.js';
import { CLIENT_SECRET_FIELD } from './predict.js';

const CONSISTENCY_FIELDS = ['requiredConsistency', 'requiredConsistencyTimeout'] as const;
const OPTION_FIELDS = Object.keys(OPTION_WIRE_NAMES) as OptionField[];

const given = (value: unknown) => value !== undefined && value !== null;

/** The consistency the change asked for: its revert waits for the same. */
function consistencyOf(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of CONSISTENCY_FIELDS) if (given(input[field])) out[field] = input[field];
  return out;
}

/** The secrets an input sets (in the audit trail as fingerprints), by their secretFingerprints names. */
function secretsSet(input: Record<string, unknown>): string[] {
  const secrets: string[] = [];
  if (given(input.clientSecret)) secrets.push(CLIENT_SECRET_FIELD);
  if (given((input.options as Record<string, unknown> | null | undefined)?.privateKey)) secrets.push(PRIVATE_KEY_FIELD);
  return secrets;
}

function detailString(details: Record<string, unknown>, field: string): string | null {
  const value = details[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The command, if its input passes the spec's own schema; else why `before` cannot be sent back. */
function command(
  spec: MutationSpec<never, unknown>,
  providerKey: string | null,
  input: Record<string, unknown>,
  secretsToResupply: string[],
): RevertPlan {
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'} ${issue.message}`).join('; ');
    return {
      unsupported: `the state credential ${providerKey} had before cannot be sent back through ${spec.operation}, whose input rules refuse it: ${problems}`,
    };
  }
  return { spec, providerKey, input, secretsToResupply };
}

function revertUpdate(providerKey: string, input: Record<string, unknown>, before: NormalizedProvider): RevertPlan {
  const details = before.details as Record<string, unknown>;
  const restored: Record<string, unknown> = {};
  // null clears label and externalCredId (sent as "").
  if (input.label !== undefined) restored.label = detailString(details, 'label');
  if (input.externalCredId !== undefined) restored.externalCredId = detailString(details, 'externalCredId');
  const authz = details.enableInSlashidOidcAuthzServer;
  if (input.enableInSlashidOidcAuthzServer !== undefined) {
    if (typeof authz !== 'boolean')
      return {
        unsupported: `SlashID did not say whether credential ${providerKey} was enabled in its OIDC authorization server before the change`,
      };
    restored.enableInSlashidOidcAuthzServer = authz;
  }
  const changedOptions = input.options as Record<string, unknown> | null | undefined;
  if (changedOptions) {
    const beforeOptions = (details.options ?? {}) as Record<string, unknown>;
    const options: Record<string, unknown> = {};
    // The private key is a secret (listed below); every other option the change gave goes back, null = unset.
    for (const field of OPTION_FIELDS) {
      if (field === 'privateKey' || changedOptions[field] === undefined) continue;
      const value = beforeOptions[field];
      options[field] = value === undefined ? null : value;
    }
    if (Object.keys(options).length) restored.options = options;
  }
  const secrets = secretsSet(input);
  if (!Object.keys(restored).length) {
    // Only secrets changed: the non-secret state is as it was. SlashID takes no empty change, so the revert
    // re-sends a value the credential has, and names the secrets.
    if (typeof authz !== 'boolean') {
      return {
        unsupported: `the change only set ${secrets.join(' and ') || 'nothing'}, which the gateway cannot restore: supply the previous value again with updateSlashIdOidcCredential`,
      };
    }
    restored.enableInSlashidOidcAuthzServer = authz;
  }
  return command(updateSlashIdOidcCredential as never, providerKey, { ...restored, ...consistencyOf(input) }, secrets);
}

/** Why a deleted credential is not re-created, with what a re-create would need. */
function refuseRecreate(providerKey: string, before: NormalizedProvider): RevertPlan {
  const details = before.details as Record<string, unknown>;
  const provider = String(details.provider);
  const secrets = [
    CLIENT_SECRET_FIELD,
    ...(PRIVATE_KEY_FIELD in before.secretFingerprints || provider === 'apple' ? [PRIVATE_KEY_FIELD] : []),
  ];
  const options: Record<string, unknown> = {};
  for (const [field, value] of Object.entries((details.options ?? {}) as Record<string, unknown>)) if (given(value)) options[field] = value;
  const createInput: Record<string, unknown> = { clientId: providerKey, provider };
  if (detailString(details, 'label')) createInput.label = details.label;
  if (detailString(details, 'externalCredId')) createInput.externalCredId = details.externalCredId;
  if (typeof details.enableInSlashidOidcAuthzServer === 'boolean')
    createInput.enableInSlashidOidcAuthzServer = details.enableInSlashidOidcAuthzServer;
  if (Object.keys(options).length) createInput.options = options;
  return {
    unsupported:
      `SlashID needs the ${secrets.join(' and ')} to create credential ${providerKey} again, and the gateway never holds ` +
      `${secrets.length > 1 ? 'them' : 'it'} (only fingerprints): re-create it with ${createSlashIdOidcCredential.operation}, giving ` +
      `${secrets.join(' and ')} with this input: ${JSON.stringify(createInput)}`,
  };
}

export function revertSlashIdChange({ operation, providerKey, input, before }: RevertRequest): RevertPlan {
  switch (operation) {
    case 'createSlashIdOidcCredential':
      return command(deleteSlashIdOidcCredential as never, providerKey, consistencyOf(input), []);
    case 'updateSlashIdOidcCredential':
      if (!before) return { unsupported: `the event holds no state of credential ${providerKey} from before the change` };
      return revertUpdate(providerKey, input, before);
    case 'deleteSlashIdOidcCredential':
      if (!before) return { unsupported: `the event holds no state of credential ${providerKey} from before it was deleted` };
      return refuseRecreate(providerKey, before);
    default:
      return { unsupported: `${operation} cannot be reverted` };
  }
}
