// Drift: what changed at a vendor without going through the gateway. Compares the providers the gateway last
// saw or applied (its snapshots) with a fresh list from the vendor, field by field. Pure and in memory:
// shared by the `drift` query (which only reports) and by the snapshot refresh (which records each drifted
// provider as a DRIFT_DETECTED audit event before it replaces the snapshots). Providers are compared by version,
// worked out once per read (withVersions): only a provider whose version differs is diffed field by field.
import type { JsonObject, NormalizedProvider } from '../vendor-contract/adapter.js';
import { diffProviders } from '../mutations/changes.js';
import { providerVersion, type VersionedProvider, versioned } from '../../model/version.js';
import type { StoredFieldChange } from '../../store/tables.js';

export const DRIFT_KINDS = ['CHANGED', 'CREATED', 'DELETED'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface ProviderDrift {
  key: string;
  kind: DriftKind;
  /** The last known state (null when CREATED). */
  known: NormalizedProvider | null;
  /** The live state (null when DELETED); secret fingerprints the vendor never returns are carried from `known`. */
  live: NormalizedProvider | null;
  /** Field by field; a secret shows only that its fingerprint changed. */
  changes: StoredFieldChange[];
}

/**
 * The live state with the known fingerprint of every secret the vendor left out (SlashID never returns its
 * client secret): a secret the vendor does not show cannot be seen to drift, so it is not reported as drift.
 */
export function withKnownSecrets(live: NormalizedProvider, known: NormalizedProvider | null | undefined): NormalizedProvider {
  if (!known) return live;
  return {
    ...live,
    secretFingerprints: { ...known.secretFingerprints, ...live.secretFingerprints },
    details: withKnownDetails(live.details, known.details),
  };
}

/**
 * Details a vendor shows only in a write's answer (2sms's serviceProvider): a read whose details lack the key
 * keeps the known value. Only keys missing altogether: every vendor's normalize.ts writes each key it reads
 * (null when empty), so a missing key never hides a change the vendor reports.
 */
export function withKnownDetails(live: JsonObject, known: JsonObject | null | undefined): JsonObject {
  if (!known) return live;
  const missing = Object.keys(known).filter((key) => !(key in live));
  if (missing.length === 0) return live;
  const out = { ...live };
  for (const key of missing) out[key] = known[key]!;
  return out;
}

/**
 * The live list as a read keeps it: each provider with the fingerprints the vendor never returns carried from its
 * known state (withKnownSecrets), and its version: the known one when the state is the same (no hashing), else
 * hashed once. What detectVersionedDrift compares, the store writes and the page shows.
 */
export function withVersions(live: readonly NormalizedProvider[], known: readonly VersionedProvider[]): VersionedProvider[] {
  const knownByKey = new Map(known.map((entry) => [entry.provider.key, entry]));
  return live.map((fresh) => {
    const before = knownByKey.get(fresh.key);
    return versioned(withKnownSecrets(fresh, before?.provider), before);
  });
}

/**
 * Providers created, deleted or changed at the vendor, ordered by key. `known` is what the gateway last saw
 * or applied, `live` the vendor's full list now (its providers' versions worked out by withVersions). A provider
 * at its known version costs one string comparison; only one whose version differs is diffed field by field.
 */
export function detectVersionedDrift(known: readonly VersionedProvider[], live: readonly VersionedProvider[]): ProviderDrift[] {
  const knownByKey = new Map(known.map((entry) => [entry.provider.key, entry]));
  const liveKeys = new Set<string>();
  const drifts: ProviderDrift[] = [];
  for (const fresh of live) {
    const key = fresh.provider.key;
    liveKeys.add(key);
    const entry = knownByKey.get(key);
    if (entry && entry.version === fresh.version) continue;
    const before = entry?.provider ?? null;
    const after = withKnownSecrets(fresh.provider, before);
    const changes = diffProviders(before, after);
    if (before && changes.length === 0) continue; // differs only where no field is shown (e.g. a fingerprint the vendor left out)
    drifts.push({ key, kind: before ? 'CHANGED' : 'CREATED', known: before, live: after, changes });
  }
  for (const { provider: before } of known) {
    if (!liveKeys.has(before.key)) {
      drifts.push({ key: before.key, kind: 'DELETED', known: before, live: null, changes: diffProviders(before, null) });
    }
  }
  return drifts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** detectVersionedDrift for providers without their versions (each is hashed here). */
export function detectDrift(known: readonly NormalizedProvider[], live: readonly NormalizedProvider[]): ProviderDrift[] {
  const knownVersioned = known.map((provider) => ({ provider, version: providerVersion(provider) }));
  return detectVersionedDrift(knownVersioned, withVersions(live, knownVersioned));
}
