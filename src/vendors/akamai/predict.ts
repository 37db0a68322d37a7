// The provider a write will leave behind, worked out before it is sent: the wire object Akamai will store
// (the create body, or the current wire object with the merge patch applied the way RFC 7396 and Akamai
// apply it) run through the same normalizer as a read.
//
// What Akamai sets itself cannot be predicted: the id and both timestamps of a new provider are null in
// the prediction (the key a placeholder), and a modify keeps the current `updatedAt` although Akamai stamps
// a new one. The pipeline compares only the paths a change touches, and these are never among them.
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { Fingerprinter } from '../../core/secrets.js';
import { normalizeProvider, toWire } from './normalize.js';
import { customProvider, type ProviderWrite } from './wire.js';

/** The key a planned create shows until Akamai assigns the provider's UUID. */
export const KEY_ASSIGNED_ON_CREATE = '(assigned by Akamai on create)';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7396 JSON merge patch: objects merge member by member, `null` removes, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value)) out[key] = mergePatch(isObject(out[key]) ? out[key] : {}, value);
    else out[key] = structuredClone(value);
  }
  return out;
}

/** A created provider: the body as sent; Akamai adds no defaults that VENDORS.md knows of. */
export function predictCreated(body: ProviderWrite, fingerprinter: Fingerprinter): NormalizedProvider {
  // id, createdAt and updatedAt are Akamai's to assign: a placeholder key, and null (unknown) timestamps.
  const wire = customProvider.parse({ ...structuredClone(body), id: KEY_ASSIGNED_ON_CREATE });
  // The normalizer fingerprints the new client_secret of an OIDC / OAuth body (null for SAML).
  return normalizeProvider(wire, fingerprinter);
}

/** A modified provider: the current wire object with the merge patch applied. */
export function predictModified(current: NormalizedProvider, patch: ProviderWrite, fingerprinter: Fingerprinter): NormalizedProvider {
  // `updatedAt` stays the current one: Akamai stamps the modify time itself.
  const wire = customProvider.parse(mergePatch(toWire(current), patch as Json));
  const predicted = normalizeProvider(wire, fingerprinter);
  // The rebuilt wire object has no secret (only its fingerprint is known): keep the current fingerprints,
  // and put the new secret's where the patch sets one.
  const secretFingerprints = { ...current.secretFingerprints };
  if (typeof patch.client_secret === 'string') secretFingerprints.clientSecret = fingerprinter.fingerprint(patch.client_secret);
  return { ...predicted, secretFingerprints };
}
