// The four 2sms mutations as pipeline specs, plan-first: `plan` builds the one request each sends and
// predicts the provider after it (predict.ts), without any vendor call; `apply` sends that request.
// Their inputs (inputs.ts) are the camelCase of the vendor's request names (Name, Provider, LoginUrl, ...).
// 2sms updates by a whole-object PUT, so the update spec merges the partial input over the provider's
// current state and sends the whole.
import type { MutationPlan, MutationSpec, NormalizedProvider, PlannedRequest } from '../../core/vendor-contract/adapter.js';
import { NotFoundError, type FieldError } from '../../core/errors.js';
import type { TwoSmsAdapter } from './adapter.js';
import {
  createInput,
  noInput,
  PROVIDER_STRINGS,
  updateInput,
  type CreateTwoSmsInput,
  type NoInput,
  type UpdateTwoSmsInput,
} from './inputs.js';
import { predictCreated, predictUpdated, predictVerified } from './predict.js';
import { twoSmsSources } from './setup.js';
import { buildCreateRequest, buildDeleteRequest, buildUpdateRequest, buildVerifyRequest, type TwoSmsProviderFields } from './requests.js';

function requireCurrent(current: NormalizedProvider | null): NormalizedProvider {
  if (!current) throw new NotFoundError('The 2sms identity provider does not exist');
  return current;
}

function detail(current: NormalizedProvider, key: string): string | null {
  const value = current.details[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The whole object an update sends: the input's fields over the current ones (read-model names mapped back). */
export function mergeUpdate(current: NormalizedProvider, input: UpdateTwoSmsInput): Partial<TwoSmsProviderFields> {
  const pick = <T>(given: T | undefined, fallback: T | null): T | null => (given !== undefined ? given : fallback);
  return {
    name: pick(input.name, detail(current, 'name')) ?? undefined,
    provider: pick(input.provider, detail(current, 'provider')) ?? undefined,
    loginUrl: pick(input.loginUrl, detail(current, 'signOnUrl')) ?? undefined,
    logoutUrl: pick(input.logoutUrl, detail(current, 'logoutUrl')) ?? undefined,
    certificate: pick(input.certificate, detail(current, 'certificate')),
  };
}

const REQUIRED: Array<keyof TwoSmsProviderFields> = ['name', 'provider', 'loginUrl', 'logoutUrl'];

/** Every 2sms mutation is one request; apply refuses a plan that is not (it would not send it exactly). */
function onlyRequest(plan: MutationPlan): PlannedRequest {
  if (plan.requests.length !== 1) throw new Error(`a 2sms plan holds exactly one request, this one ${plan.requests.length}`);
  return plan.requests[0]!;
}

export const createTwoSmsIdentityProvider: MutationSpec<TwoSmsAdapter, CreateTwoSmsInput> = {
  operation: 'createTwoSmsIdentityProvider',
  kind: 'create',
  input: createInput,
  secretFields: [],
  strings: PROVIDER_STRINGS,
  sources: twoSmsSources,
  async plan(_adapter, _current, input) {
    const fields: TwoSmsProviderFields = {
      name: input.name,
      provider: input.provider,
      loginUrl: input.loginUrl,
      logoutUrl: input.logoutUrl,
      certificate: input.certificate ?? null,
    };
    // 2sms assigns the GUID; the reply does not even carry it (apply finds it by domain afterwards).
    return { requests: [buildCreateRequest(fields)], after: predictCreated(fields), providerKey: null };
  },
  async apply(adapter, plan, _current, input) {
    // The reply's EntityID and ReplyURL stay with the adapter, whose read-back right after shows them.
    const created = await adapter.sendCreate(onlyRequest(plan), input.name);
    return { providerKey: created.key };
  },
};

export const updateTwoSmsIdentityProvider: MutationSpec<TwoSmsAdapter, UpdateTwoSmsInput> = {
  operation: 'updateTwoSmsIdentityProvider',
  kind: 'update',
  input: updateInput,
  secretFields: [],
  strings: PROVIDER_STRINGS,
  sources: twoSmsSources,
  // The PUT needs every required field; one the vendor reads back empty must come with the input.
  check(current, input) {
    if (!current) return [];
    const merged = mergeUpdate(current, input);
    return REQUIRED.filter((field) => !merged[field]).map<FieldError>((field) => ({
      path: [field],
      message: 'is required: 2sms has no value for it, and an update sends the whole identity provider',
    }));
  },
  async plan(_adapter, current, input) {
    const existing = requireCurrent(current);
    const merged = mergeUpdate(existing, input) as TwoSmsProviderFields;
    return {
      requests: [buildUpdateRequest(existing.key, merged)],
      after: predictUpdated(existing, merged),
      providerKey: existing.key,
    };
  },
  async apply(adapter, plan) {
    await adapter.sendUpdate(onlyRequest(plan), plan.providerKey!);
    return { providerKey: plan.providerKey! };
  },
};

export const deleteTwoSmsIdentityProvider: MutationSpec<TwoSmsAdapter, NoInput> = {
  operation: 'deleteTwoSmsIdentityProvider',
  kind: 'delete',
  input: noInput,
  secretFields: [],
  async plan(_adapter, current) {
    const existing = requireCurrent(current);
    return { requests: [buildDeleteRequest(existing.key)], after: null, providerKey: existing.key };
  },
  async apply(adapter, plan) {
    await adapter.sendDelete(onlyRequest(plan));
    return { providerKey: plan.providerKey! };
  },
};

/**
 * Asks 2sms to check the domain's TXT record now; a miss fails with the vendor's VerificationFailed. The
 * verification is a GET with an effect, so it is the planned request (and a plan does not send it).
 */
export const verifyTwoSmsDomain: MutationSpec<TwoSmsAdapter, NoInput> = {
  operation: 'verifyTwoSmsDomain',
  kind: 'update',
  input: noInput,
  secretFields: [],
  takesNoFields: true,
  async plan(_adapter, current) {
    const existing = requireCurrent(current);
    return { requests: [buildVerifyRequest(existing.key)], after: predictVerified(existing), providerKey: existing.key };
  },
  async apply(adapter, plan) {
    await adapter.sendVerify(onlyRequest(plan));
    return { providerKey: plan.providerKey! };
  },
};

export const twoSmsMutations = [
  createTwoSmsIdentityProvider,
  updateTwoSmsIdentityProvider,
  deleteTwoSmsIdentityProvider,
  verifyTwoSmsDomain,
] as const;
