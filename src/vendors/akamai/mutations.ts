// The Akamai custom-provider mutations. Their inputs (inputs.ts) are the camelCase of the wire members; a member
// of another protocol is refused there (the vendor would answer 422), so nothing is sent for it. Update is a JSON
// merge patch, partial by nature; only attribute_map needs the current state, because a merge patch would keep
// entries the new map leaves out. There is no delete mutation: Akamai has no delete operation.
// Each mutation is planned first (one request, and the provider it will leave behind, predicted by
// predict.ts through the read normalizer) and then applied by sending exactly the planned request.
import type { MutationSpec, NormalizedProvider, PlannedRequest } from '../../core/vendor-contract/adapter.js';
import type { AkamaiAdapter } from './adapter.js';
import {
  createInput,
  type CreateInput,
  type InputField,
  PROVIDER_STRINGS,
  protocolFamily,
  updateInput,
  type UpdateInput,
  WIRE_NAMES,
  wrongProtocolFields,
} from './inputs.js';
import { storedAkamaiDetails } from './normalize.js';
import { predictCreated, predictModified } from './predict.js';
import type { ProviderWrite } from './wire.js';
import { akamaiSources } from './setup.js';

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
      const old = (current && storedAkamaiDetails(current).attributeMap) ?? {};
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
  strings: PROVIDER_STRINGS,
  sources: akamaiSources,
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
  strings: PROVIDER_STRINGS,
  sources: akamaiSources,
  check(current, input) {
    if (!current) return [];
    const protocol = protocolFamily(storedAkamaiDetails(current).wireProtocol ?? '');
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
