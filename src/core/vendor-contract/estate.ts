// What a vendor tells the estate (the whole configuration as one document, core/estate/): how one of its
// providers is written in the document, and which of its mutations bring a provider to what the document says.
// The document's fields are the vendor's create/update mutation input fields (camelCase, the same validation);
// core turns GraphQL enum names into wire values before `entry` sees them, resolves secret references, and
// compares entries field by field.
import type { z } from 'zod';
import type { JsonObject, MutationSpec, NormalizedProvider } from './adapter.js';

/** One mutation the estate runs through the pipeline: the spec and its input as the spec's zod schema takes it. */
export interface EstateOperation {
  // biome-ignore lint/suspicious/noExplicitAny: a vendor's own spec types; the pipeline only passes them through
  spec: MutationSpec<any, any>;
  input: Record<string, unknown>;
}

/** A plan's warning for one provider: what cannot be undone, what needs a later step, what the vendor replaces whole. */
export type EstateWarning = string;

export interface VendorEstate {
  /**
   * One provider entry of the document, without its `key`: the fields of the vendor's create/update inputs
   * (wire enum values, as the inputs' zod schemas take them). Secret fields are plain optional strings here
   * (core resolves the document's `{ env }` / `{ file }` references first). Every field optional except what a
   * create needs; a field left out of the document is not managed (kept as it is).
   */
  entry: z.ZodObject;
  /**
   * The entry's secret fields (dotted paths, e.g. "clientSecret", "options.privateKey"), each with the name it
   * has in `NormalizedProvider.secretFingerprints` (a secret whose fingerprint is unknown there counts as changed
   * whenever the document supplies it).
   */
  secretFields: Readonly<Record<string, string>>;
  /**
   * How a create is named: 'document' when the document's key becomes the provider's key (operations() puts it
   * in the create input), 'vendor' when the vendor assigns it (the document writes such a create as a list item
   * without key), null when providers cannot be created through the gateway (cPanel: a provider is a module).
   */
  createKey: 'document' | 'vendor' | null;
  /**
   * The entry of a provider as it is now, secrets left out, in canonical form: planning an exported entry shows
   * no change. Only what the vendor's inputs can set.
   */
  exportEntry(provider: NormalizedProvider): JsonObject;
  /**
   * The entry as written, in the form exportEntry gives: vendor defaults filled in, order and casing that mean
   * nothing made canonical, empty values as the vendor keeps them. Fields left out stay left out.
   */
  canonical(entry: JsonObject): JsonObject;
  /**
   * The operations, in the order they must run, that bring `current` to `desired` (canonical, secrets resolved;
   * only the fields the document names). `current` null: a create (key: the document's key, or null when the
   * vendor assigns it). `changed` names the top-level entry fields that differ (secrets included); never empty
   * for an update. An empty list: the change cannot be made (a warning says why).
   */
  operations(current: NormalizedProvider | null, desired: JsonObject, changed: readonly string[], key: string | null): EstateOperation[];
  /**
   * Whether an export writes a reference for this secret field of this provider (default: every secret field);
   * e.g. SlashID's options.privateKey belongs to Apple credentials only.
   */
  exportsSecret?(provider: NormalizedProvider, secretPath: string): boolean;
  /** The delete of a provider, where the vendor has one (absent: prune cannot delete here; the plan warns). */
  deleteOperation?(current: NormalizedProvider): EstateOperation;
  /** What the plan says of a change beyond its fields: irreversible creates, later steps, whole replacements. */
  warnings?(action: 'create' | 'update' | 'delete', current: NormalizedProvider | null, changed: readonly string[]): EstateWarning[];
}
