// Rules every mutation input obeys whatever its vendor, checked once here, on the input as the client sent it,
// before the vendor's own (zod) rules: every string (nested objects and lists included) without control
// characters and within its length range (MutationSpec.strings, defaults in string-rules.ts), and an update
// that changes something. A refusal names the exact path and the rule, so a bad string is a ValidationError
// and never reaches the vendor, the store or a 500.
import type { MutationSpec, StringFieldRule, VendorAdapter } from '../vendor-contract/adapter.js';
import type { FieldError } from '../errors.js';
import { controlCharacterProblem, lengthProblem, stringProblems } from './string-rules.js';

/** At most this many field errors per input (a list of 10 000 bad strings is one mistake, not 10 000). */
const MAX_FIELD_ERRORS = 50;

/** The most characters an idempotency key may have (the store keys on it). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** The most characters an expected version may have (versions the gateway hands out are far shorter). */
export const MAX_EXPECTED_VERSION_LENGTH = 128;

const EMPTY_UPDATE_MESSAGE = 'give at least one field to change';

/** One value met on the walk; its path is kept as a link to its parent (copying paths would be quadratic in depth). */
interface Visit {
  value: unknown;
  parent: Visit | null;
  /** The member name, or the list index in text. */
  segment: string;
  inList: boolean;
}

/** The path as reported (["idpCertificateChain", "1"]) and the key its rule is declared under ("idpCertificateChain.*"). */
function pathOf(visit: Visit): { path: string[]; ruleKey: string } {
  const path: string[] = [];
  const pattern: string[] = [];
  for (let at: Visit | null = visit; at?.parent; at = at.parent) {
    path.push(at.segment);
    pattern.push(at.inList ? '*' : at.segment);
  }
  return { path: path.reverse(), ruleKey: pattern.reverse().join('.') };
}

/** Field errors of every string in `input` against the spec's string rules (and the defaults). */
function stringErrors(rules: Readonly<Record<string, StringFieldRule>>, input: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  // Depth-first without recursion: a JSON field may nest deeper than the call stack allows.
  const stack: Visit[] = [{ value: input, parent: null, segment: '', inList: false }];
  while (stack.length && errors.length < MAX_FIELD_ERRORS) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof value === 'string') {
      const { ruleKey } = pathOf(visit);
      // Own keys only: a JSON member named "constructor" must not find Object.prototype's.
      const problems = stringProblems(value, Object.hasOwn(rules, ruleKey) ? rules[ruleKey] : undefined);
      if (problems.length) {
        const { path } = pathOf(visit);
        for (const message of problems) errors.push({ path, message });
      }
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--)
        stack.push({ value: value[index], parent: visit, segment: String(index), inList: true });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, inner] = entries[index]!;
        // A member name of a JSON field is a string too; a bad one is reported on its object (the name itself
        // cannot be a path element: it would carry the character into every message and row).
        const keyProblem = controlCharacterProblem(key) ?? lengthProblem(key);
        if (keyProblem) {
          errors.push({ path: pathOf(visit).path, message: `a member name ${keyProblem}` });
          continue;
        }
        stack.push({ value: inner, parent: visit, segment: key, inList: false });
      }
    }
  }
  return errors.slice(0, MAX_FIELD_ERRORS);
}

/**
 * The empty-update rule: an update whose fields (other than its control fields, which only say how or where)
 * are all left out changes nothing, so it is refused rather than sent. null counts as a value: it clears.
 */
function emptyUpdateErrors(spec: MutationSpec<VendorAdapter, unknown>, input: Record<string, unknown>): FieldError[] {
  if (spec.kind !== 'update' || spec.takesNoFields) return [];
  const control = new Set(spec.controlFields ?? []);
  const changes = Object.entries(input).some(([field, value]) => !control.has(field) && value !== undefined);
  return changes ? [] : [{ path: [], message: EMPTY_UPDATE_MESSAGE }];
}

/**
 * The source fields' rules (core/setup/input-sources.ts), the same for every vendor that takes them: a metadata
 * document spans lines and may be 512 KiB, half the request body limit (ADFS's, with its WS-Federation roles,
 * is the largest seen at ~100 KB; a larger one can still be given by metadataUrl, up to the fetch cap of 1 MB);
 * a metadata URL is a URL.
 */
const SOURCE_STRINGS: Readonly<Record<string, StringFieldRule>> = {
  metadataXml: { max: 512 * 1024, multiline: true },
  metadataUrl: { max: 2048 },
};

/** The string rules of a mutation's input fields: its own (MutationSpec.strings), and the source fields' where it takes sources. */
export function stringRulesOf(spec: MutationSpec<VendorAdapter, unknown>): Readonly<Record<string, StringFieldRule>> {
  return spec.sources ? { ...SOURCE_STRINGS, ...spec.strings } : (spec.strings ?? {});
}

/** Field errors of a mutation input (as the client sent it) against the rules every vendor shares. */
export function checkMutationInput(spec: MutationSpec<VendorAdapter, unknown>, input: Record<string, unknown>): FieldError[] {
  const errors = stringErrors(stringRulesOf(spec), input);
  if (errors.length) return errors;
  return emptyUpdateErrors(spec, input);
}

/** Field errors of the pipeline options every mutation takes (idempotencyKey, expectedVersion). */
export function checkPipelineOptions(options: { idempotencyKey?: string | null; expectedVersion?: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: string, value: string | null | undefined, rule: StringFieldRule) => {
    if (typeof value !== 'string') return;
    for (const message of stringProblems(value, rule)) errors.push({ path: [field], message });
  };
  check('idempotencyKey', options.idempotencyKey, { min: 1, max: MAX_IDEMPOTENCY_KEY_LENGTH });
  check('expectedVersion', options.expectedVersion, { max: MAX_EXPECTED_VERSION_LENGTH });
  return errors;
}
