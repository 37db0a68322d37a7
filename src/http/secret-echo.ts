// GraphQL's own errors quote the value that failed: `Variable "$input" got invalid value { id: "…",
// clientSecret: "…" }; Field "service" of required type "CpanelService!" was not provided.` quotes the whole
// input object, secrets included, before any resolver (and so before the pipeline registered them) ran.
// This plugin scrubs every error message of a result of the request's own secret values — strings under a
// secret-named key at any depth of the variables, and the `value` of a `{ key: "client_secret", value }`
// pair (cPanel's extra fields) — and of every secret the process knows.
import type { Plugin } from 'graphql-yoga';
import { isSecretKey, SecretRegistry } from '../core/secrets.js';

/** Secret values in a request's variables (see the top of this file). */
export function secretValuesIn(value: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > 32 || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    for (const item of value) secretValuesIn(item, found, depth + 1);
    return found;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const pairKey = (value as { key?: unknown }).key;
  const pairValue = (value as { value?: unknown }).value;
  if (typeof pairKey === 'string' && isSecretKey(pairKey) && typeof pairValue === 'string') found.push(pairValue);
  for (const [key, inner] of entries) {
    if (typeof inner === 'string') {
      if (isSecretKey(key)) found.push(inner);
    } else {
      secretValuesIn(inner, found, depth + 1);
    }
  }
  return found;
}

interface ResultWithErrors {
  errors?: ReadonlyArray<{ message: string }>;
}

export function secretEchoPlugin(secrets: SecretRegistry): Plugin {
  const perRequest = new WeakMap<Request, SecretRegistry>();
  return {
    onParams({ request, params }) {
      const values = secretValuesIn(params.variables);
      if (values.length === 0) return;
      const local = new SecretRegistry();
      for (const value of values) local.add(value);
      perRequest.set(request, local);
    },
    onExecutionResult({ request, result }) {
      const local = perRequest.get(request);
      const results = (Array.isArray(result) ? result : [result]) as Array<ResultWithErrors | undefined>;
      for (const one of results) {
        // A subscription's stream: its events are resolver results, already scrubbed where they can carry text.
        if (!one || typeof one !== 'object' || Symbol.asyncIterator in one) continue;
        for (const error of one.errors ?? []) {
          const scrubbed = secrets.scrub(local ? local.scrub(error.message) : error.message);
          if (scrubbed !== error.message) (error as { message: string }).message = scrubbed;
        }
      }
    },
  };
}
