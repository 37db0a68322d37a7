// What the five vendor estate-mapping tests (test/<vendor>/estate.test.ts) share, so that each holds only its
// vendor's cases: a gateway on the vendor's emulator whose providers are read fresh, an entry as core hands it
// over (enum names to wire values, parsed by `entry`, canonical), the fields that differ as core's planner finds
// them (core/estate/plan.ts `changedFields`, secrets by fingerprint), operations run through the real pipeline
// (`converge`: planned, run, read back as written, then clean), and the check that every export plans no change.
import { expect } from 'vitest';
import { changedFields } from '../../src/core/estate/plan.js';
import { valueAt, withValueAt } from '../../src/core/estate/secret-references.js';
import { convertEnumValues } from '../../src/core/inputs/enum-names.js';
import type { JsonObject, NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import type { EstateOperation, VendorEstate } from '../../src/core/vendor-contract/estate.js';
import { type GatewayVendorKey, vendorGateway } from './vendor-gateway.js';

/** The name a test's supplied secret goes by (core only needs to know that the document supplies it). */
const SUPPLIED_BY_TEST = 'test:supplied';

const ACTOR = 'estate-test';

/**
 * For the enclosing describe block: a gateway on `vendor`'s emulator whose connection `connectionId` is read
 * from the vendor on every refresh, and the helpers for its `estate` (operations run as 'estate-test').
 * Helpers and `gateway` are read inside tests only (the gateway is made in a beforeAll).
 */
export function estateMapping<V extends GatewayVendorKey>(vendor: V, estate: VendorEstate, connectionId: string) {
  const g = vendorGateway(vendor, { connectionId, actor: ACTOR, connection: { minRefreshIntervalSeconds: 0 } });
  /** Every provider of the connection, read from the vendor now. */
  const readAll = async (): Promise<NormalizedProvider[]> => {
    const [read] = await g.services.reader.read([g.services.connections.get(connectionId)], { refresh: true });
    expect(read!.error).toBeNull();
    return read!.providers;
  };
  const readOne = async (key: string): Promise<NormalizedProvider | undefined> => (await readAll()).find((p) => p.key === key);

  /** The secret paths of the entry that hold a value (what a document would supply through references). */
  const suppliedSecrets = (desired: JsonObject): [path: string, value: string][] =>
    Object.keys(estate.secretFields).flatMap((path) => {
      const value = valueAt(desired, path);
      return typeof value === 'string' ? [[path, value] as [string, string]] : [];
    });

  /** The document entry as core hands it over: GraphQL enum names to wire values, parsed by `entry`, then canonical. */
  const desiredOf = (written: JsonObject): JsonObject =>
    estate.canonical(estate.entry.parse(convertEnumValues(estate.entry, written, 'to-wire')) as JsonObject);

  /** The entry with the enum values written by their GraphQL names, as a document writes them. */
  const withEnumNames = (entry: JsonObject): JsonObject => convertEnumValues(estate.entry, entry, 'to-names') as JsonObject;

  /** What `entry` (after the enum names are turned into wire values, as core does) refuses, as "path: message". */
  const entryProblems = (written: JsonObject): string[] => {
    const parsed = estate.entry.safeParse(convertEnumValues(estate.entry, written, 'to-wire'));
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  /** The top-level fields of `desired` that differ from `current`, as core plans them; the secrets it holds by fingerprint. */
  const changed = (current: NormalizedProvider, desired: JsonObject): string[] => {
    const secretReferences = Object.fromEntries(suppliedSecrets(desired).map(([path]) => [path, SUPPLIED_BY_TEST]));
    return changedFields(estate, { fields: desired, secretReferences }, current, g.services.fingerprinter);
  };

  /** The entry without its secret fields (what an export of it can show). */
  const withoutSecrets = (entry: JsonObject): JsonObject =>
    Object.keys(estate.secretFields).reduce<JsonObject>((rest, path) => withValueAt(rest, path, undefined) as JsonObject, entry);

  /** Plans `written` for `key` as core would: the provider now (null for a create), the changed fields and the operations. */
  const plan = async (key: string | null, written: JsonObject) => {
    const desired = desiredOf(written);
    const before = key === null ? null : ((await readOne(key)) ?? null);
    const changedNow = before ? changed(before, desired) : Object.keys(desired);
    return { desired, before, changed: changedNow, operations: estate.operations(before, desired, changedNow, key) };
  };

  /** One operation through the pipeline for provider `key` (a create names none). */
  const run = (operation: EstateOperation, key: string | null, options: { dryRun?: boolean } = {}) =>
    g.services.pipeline.run({
      spec: operation.spec,
      connectionId,
      providerKey: operation.spec.kind === 'create' ? null : key,
      input: operation.input,
      actor: ACTOR,
      ...options,
    });

  /** Runs the operations in order, each one required to succeed; the key the last one leaves (a create's is the vendor's or the document's). */
  const applyAll = async (operations: EstateOperation[], key: string | null): Promise<string> => {
    let providerKey = key;
    for (const operation of operations) {
      const outcome = await run(operation, providerKey);
      if (!outcome.ok) throw new Error(`${operation.spec.operation} failed: ${outcome.error.message}`);
      providerKey = outcome.provider.key;
    }
    return providerKey!;
  };

  /** Every secret `desired` supplies is the one the provider now holds (by fingerprint). */
  const expectSecretsWritten = (after: NormalizedProvider, desired: JsonObject) => {
    for (const [path, value] of suppliedSecrets(desired))
      expect(after.secretFingerprints[estate.secretFields[path]!], path).toBe(g.services.fingerprinter.fingerprint(value));
  };

  /**
   * Plans `written` for `key` (null: a create), requires operations whose inputs their specs take, runs them and
   * reads the provider back: it holds every field the entry names and every secret it supplies, and planning the
   * entry again has nothing to send. A whole entry (the default) also reads back field by field as written and
   * compares clean; a `partial` one may name part of a nested value, which still differs from the exported value
   * as a whole (core compares top-level fields) and which `operations` answers with nothing to send.
   */
  const converge = async (key: string | null, written: JsonObject, { partial = false } = {}) => {
    const { desired, before, changed: changedBefore, operations } = await plan(key, written);
    expect(operations.length).toBeGreaterThan(0);
    for (const { spec, input } of operations) expect(spec.input.safeParse(input).success, spec.operation).toBe(true);
    const after = (await readOne(await applyAll(operations, key)))!;
    const exported = estate.exportEntry(after);
    const shown = withoutSecrets(desired);
    expect(exported).toMatchObject(shown);
    if (!partial) for (const [field, value] of Object.entries(shown)) expect(exported[field], field).toEqual(value);
    expectSecretsWritten(after, desired);
    if (!partial) expect(changed(after, desired)).toEqual([]);
    expect(estate.operations(after, desired, changed(after, desired), after.key)).toEqual([]);
    return { desired, before, changed: changedBefore, operations, after };
  };

  /**
   * Each provider's export is canonical, holds no secret, reads back (as written, and with its enums by their
   * GraphQL names) as itself, and plans no change. The exported entries, by key.
   */
  const expectExportsPlanClean = (providers: NormalizedProvider[]): Map<string, JsonObject> => {
    const exports = new Map<string, JsonObject>();
    for (const provider of providers) {
      const exported = estate.exportEntry(provider);
      expect(estate.canonical(exported), provider.key).toEqual(exported);
      for (const path of Object.keys(estate.secretFields)) expect(valueAt(exported, path), `${provider.key} ${path}`).toBeUndefined();
      expect(desiredOf(exported), provider.key).toEqual(exported);
      expect(desiredOf(withEnumNames(exported)), provider.key).toEqual(exported);
      expect(changed(provider, exported), provider.key).toEqual([]);
      expect(estate.operations(provider, exported, [], provider.key), provider.key).toEqual([]);
      exports.set(provider.key, exported);
    }
    return exports;
  };

  /** The operations as [mutation, input] pairs, for comparing a plan's order and inputs. */
  const summary = (operations: EstateOperation[]) => operations.map((op) => [op.spec.operation, op.input]);

  return {
    gateway: g,
    readAll,
    readOne,
    desiredOf,
    withEnumNames,
    entryProblems,
    changedFields: changed,
    run,
    applyAll,
    converge,
    expectExportsPlanClean,
    summary,
  };
}
