// The four 2sms mutations as pipeline specs. Inputs are the camelCase of the vendor's request names
// (Name, Provider, LoginUrl, LogoutUrl, Certificate). 2sms updates by a whole-object PUT, so the update spec
// merges the partial input over the provider's current state and sends the whole.
import { z } from 'zod';
import type { MutationSpec, NormalizedProvider } from '../../core/adapter.js';
import { NotFoundError, type FieldError } from '../../core/errors.js';
import type { TwoSmsAdapter, TwoSmsProviderFields } from './adapter.js';
import { parseCertificate } from './certificate.js';

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const text = (what: string) =>
  z.string({ error: `must be a string: 2sms requires ${what} and it cannot be cleared` }).trim().min(1, { error: `must not be empty: 2sms requires ${what}`, abort: true });

const httpUrl = (what: string) => text(what).refine(isHttpUrl, 'must be an absolute http(s) URL');

const certificate = z
  .string()
  .trim()
  .refine((value) => value === '' || parseCertificate(value) !== null, 'must be an X.509 certificate (PEM or base64 DER)')
  .transform((value) => (value === '' ? null : value));

const fieldShape = {
  name: text('a name'),
  provider: text('the provider'),
  loginUrl: httpUrl('a login URL'),
  logoutUrl: httpUrl('a logout URL'),
};

export const createInput = z
  .object({ ...fieldShape, certificate: certificate.nullish() })
  .strict();
export type CreateTwoSmsInput = z.infer<typeof createInput>;

/** Partial: a field left out keeps its value; `certificate: null` removes the certificate. */
export const updateInput = z
  .object({
    name: fieldShape.name.optional(),
    provider: fieldShape.provider.optional(),
    loginUrl: fieldShape.loginUrl.optional(),
    logoutUrl: fieldShape.logoutUrl.optional(),
    certificate: certificate.nullable().optional(),
  })
  .strict();
export type UpdateTwoSmsInput = z.infer<typeof updateInput>;

export const noInput = z.object({}).strict();
export type NoInput = z.infer<typeof noInput>;

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

export const createTwoSmsIdentityProvider: MutationSpec<TwoSmsAdapter, CreateTwoSmsInput> = {
  operation: 'createTwoSmsIdentityProvider',
  kind: 'create',
  input: createInput,
  secretFields: [],
  async apply(adapter, _current, input) {
    const created = await adapter.createProvider({ ...input, certificate: input.certificate ?? null });
    return { providerKey: created.key };
  },
};

export const updateTwoSmsIdentityProvider: MutationSpec<TwoSmsAdapter, UpdateTwoSmsInput> = {
  operation: 'updateTwoSmsIdentityProvider',
  kind: 'update',
  input: updateInput,
  secretFields: [],
  // The PUT needs every required field; one the vendor reads back empty must come with the input.
  check(current, input) {
    if (!current) return [];
    const merged = mergeUpdate(current, input);
    return REQUIRED.filter((field) => !merged[field]).map<FieldError>((field) => ({
      path: [field],
      message: 'is required: 2sms has no value for it, and an update sends the whole identity provider',
    }));
  },
  async apply(adapter, current, input) {
    const existing = requireCurrent(current);
    const merged = mergeUpdate(existing, input) as TwoSmsProviderFields;
    await adapter.updateProvider(existing.key, merged);
    return { providerKey: existing.key };
  },
};

export const deleteTwoSmsIdentityProvider: MutationSpec<TwoSmsAdapter, NoInput> = {
  operation: 'deleteTwoSmsIdentityProvider',
  kind: 'delete',
  input: noInput,
  secretFields: [],
  async apply(adapter, current) {
    const existing = requireCurrent(current);
    await adapter.deleteProvider(existing.key);
    return { providerKey: existing.key };
  },
};

/** Asks 2sms to check the domain's TXT record now; a miss fails with the vendor's VerificationFailed. */
export const verifyTwoSmsDomain: MutationSpec<TwoSmsAdapter, NoInput> = {
  operation: 'verifyTwoSmsDomain',
  kind: 'update',
  input: noInput,
  secretFields: [],
  async apply(adapter, current) {
    const existing = requireCurrent(current);
    await adapter.verifyDomain(existing.key);
    return { providerKey: existing.key };
  },
};

export const twoSmsMutations = [
  createTwoSmsIdentityProvider,
  updateTwoSmsIdentityProvider,
  deleteTwoSmsIdentityProvider,
  verifyTwoSmsDomain,
] as const;
