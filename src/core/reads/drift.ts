// Drift: what changed at a vendor without going through the gateway. Compares the providers the gateway last
// saw or applied (its snapshots) with a fresh list from the vendor, field by field. Pure and in memory:
// shared by the `drift` query (which only reports) and by the snapshot refresh (which records each drifted
// provider as a DRIFT_DETECTED audit event before it replaces the snapshots).
import type { JsonObject, NormalizedProvider } from '../vendor-contract/adapter.js';
import { diffProviders } from '../mutations/changes.js';
import { stableStringify } from '../../model/version.js';
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
 * Providers created, deleted or changed at the vendor, ordered by key. `known` is what the gateway last saw
 * or applied, `live` the vendor's full list now. A provider whose state is identical costs one string
 * comparison; only a differing one is diffed field by field.
 */
export function detectDrift(known: readonly NormalizedProvider[], live: readonly NormalizedProvider[]): ProviderDrift[] {
  const knownByKey = new Map(known.map((provider) => [provider.key, provider]));
  const liveKeys = new Set<string>();
  const drifts: ProviderDrift[] = [];
  for (const fresh of live) {
    liveKeys.add(fresh.key);
    const before = knownByKey.get(fresh.key) ?? null;
    const after = withKnownSecrets(fresh, before);
    if (before && stableStringify(before) === stableStringify(after)) continue;
    const changes = diffProviders(before, after);
    if (before && changes.length === 0) continue; // differs only where no field is shown (e.g. key order)
    drifts.push({ key: fresh.key, kind: before ? 'CHANGED' : 'CREATED', known: before, live: after, changes });
  }
  for (const before of known) {
    if (!liveKeys.has(before.key)) {
      drifts.push({ key: before.key, kind: 'DELETED', known: before, live: null, changes: diffProviders(before, null) });
    }
  }
  return drifts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
