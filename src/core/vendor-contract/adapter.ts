// The contract between the gateway and one vendor: the normalized provider shape every vendor maps its
// wire objects to, the adapter (reads), and the mutation specs (writes) the pipeline runs.
import type { z } from 'zod';
import type { FieldError } from '../errors.js';
import type { Fingerprinter } from '../secrets.js';
import type { JsonObject, NormalizedProvider } from '../../model/provider.js';
import type { VendorKey } from '../../model/vendor-key.js';
import type { SetupSources } from './setup.js';

export type { JsonObject, JsonValue, NormalizedProvider, ProviderProtocol } from '../../model/provider.js';

export interface AdapterContext {
  fingerprinter: Fingerprinter;
}

/** Reads from one connection. Writes are MutationSpecs so that every one of them runs through the pipeline. */
export interface VendorAdapter {
  readonly vendor: VendorKey;
  /** Headers the adapter adds to every request for auth (shown redacted in plans), e.g. ["authorization"]. */
  readonly authHeaderNames: readonly string[];
  list(): Promise<NormalizedProvider[]>;
  /** null when the vendor says the provider does not exist. */
  get(key: string): Promise<NormalizedProvider | null>;
  close?(): Promise<void>;
}

export type MutationKind = 'create' | 'update' | 'delete';

/**
 * One request a mutation will send, exactly as it goes on the wire: method, path below the base URL,
 * query, headers and body, with real secret values (the pipeline redacts them before anyone sees a plan).
 * Only the auth headers are left out: the adapter adds them at send time (see VendorAdapter.authHeaderNames).
 */
export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  /** For people reading a plan: what this step does, e.g. "create the OIDC configuration". */
  purpose: string;
  /**
   * The adapter's word that sending this request twice does what sending it once does (a full replace, a
   * flag set, a delete that takes a 404 as done), so the vendor client may repeat it after a failure the
   * vendor may have acted on. Default as VendorRequest.idempotent: GET yes, anything else no.
   */
  idempotent?: boolean;
}

/**
 * What a mutation will do, worked out before anything is written (a dry run stops here).
 * `plan` may read from the vendor (GET) but never writes.
 */
export interface MutationPlan {
  /** The writes, in order. `apply` sends exactly these (it may stop early on a failure and undo). */
  requests: PlannedRequest[];
  /**
   * The provider as it will be once the requests succeed (null after a delete). Secrets appear only as
   * fingerprints: of the new value where the input sets one, else the current fingerprint.
   */
  after: NormalizedProvider | null;
  /** The key the provider will have; null when the vendor assigns it (Akamai's UUID on create). */
  providerKey: string | null;
}

/** What a mutation's apply step hands back: which provider it touched. */
export interface AppliedChange {
  providerKey: string;
}

/**
 * What core (src/core/input-rules.ts) allows in one string field of a mutation input, checked before the
 * vendor's zod rules. Lengths count UTF-16 code units, as JavaScript, zod and the vendors' emulators do.
 */
export interface StringFieldRule {
  /** Fewest characters (default 0: whether "" is allowed is the vendor schema's business). */
  min?: number;
  /** Most characters (default DEFAULT_MAX_STRING_LENGTH, 1024). From the vendor's documentation where it has one. */
  max?: number;
  /**
   * The field may hold line breaks and tabs (\n, \r, \t): PEM certificates, JWKS JSON, an SVG icon. Every other
   * control character (U+0000-U+001F, U+007F) is refused in every field.
   */
  multiline?: boolean;
}

/**
 * One vendor mutation. Before anything else the pipeline checks the rules every vendor shares (control
 * characters and lengths of every string per `strings`, an update that changes something, see
 * src/core/input-rules.ts). Then it calls, in order: `input.safeParse` (field errors, no vendor call),
 * `check` against the cached and then the live state (vendor rules that depend on it, still no vendor
 * call), `plan` (reads only), and, unless it is a dry run, `apply` with that plan.
 * `secretFields` names the input fields that are secrets: they are fingerprinted in the audit trail and
 * registered for scrubbing before anything else happens.
 */
export interface MutationSpec<Adapter extends VendorAdapter, Input> {
  operation: string;
  kind: MutationKind;
  input: z.ZodType<Input>;
  secretFields: readonly string[];
  /**
   * Length range and characters of the input's string fields, keyed by dotted input path with `*` for a list
   * item ("ui.iconUrl", "idpCertificateChain.*", "extraFields.*.value"). A string field not listed (nested JSON
   * included) gets the defaults: at most 1024 characters, single line. Limits come from the vendor's
   * documentation (VENDORS.md) where it states one, else they are the gateway's stated cap.
   */
  strings?: Readonly<Record<string, StringFieldRule>>;
  /**
   * For an update: the input fields that only say how or where to apply a change (cPanel's `service`,
   * SlashID's `requiredConsistency`): an input whose other fields are all left out changes nothing and is
   * refused ("give at least one field to change"; null counts as a value: it clears a field).
   */
  controlFields?: readonly string[];
  /**
   * For an update that is an action on the provider rather than a change of its fields, and takes none
   * (2sms verifyTwoSmsDomain): the empty-update rule does not apply.
   */
  takesNoFields?: boolean;
  /** Where the input's fields may come from besides the input (SAML metadata, OIDC discovery): see setup.ts. */
  sources?: SetupSources;
  check?(current: NormalizedProvider | null, input: Input): FieldError[];
  plan(adapter: Adapter, current: NormalizedProvider | null, input: Input, context: AdapterContext): Promise<MutationPlan>;
  apply(adapter: Adapter, plan: MutationPlan, current: NormalizedProvider | null, input: Input): Promise<AppliedChange>;
}

/** The shape of a provider that the API shows and the snapshot cache stores. */
export interface ProviderView<Details extends JsonObject = JsonObject> extends NormalizedProvider<Details> {
  vendor: VendorKey;
  connectionId: string;
  version: string;
  syncedAt: Date;
  stale: boolean;
}
