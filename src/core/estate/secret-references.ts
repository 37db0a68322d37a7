// Secrets are never written in an estate document: a secret field holds a reference, `{ env: NAME }` or
// `{ file: PATH }` (optionally `optional: true`), whose value the client resolves and supplies beside the
// document (the CLI reads its own environment and files; the gateway never reads its own for a document).
// A secret left out keeps the vendor's current one; an optional reference without a value does the same.
export type SecretReferenceValues = ReadonlyMap<string, string>;

/** "env:NAME" or "file:PATH": how a reference is named when its value is supplied. */
export type SecretReferenceName = string;

export type SecretFieldReading =
  | { kind: 'absent' }
  | { kind: 'value'; reference: SecretReferenceName; value: string }
  /** An optional reference without a value: the field is left out (the current secret is kept). */
  | { kind: 'kept'; reference: SecretReferenceName }
  | { kind: 'problem'; message: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The reference a document value is, or null when it is none. */
export function referenceOf(value: unknown): { reference: SecretReferenceName; optional: boolean } | string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { env, file, optional, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length) return `a secret reference has only env or file, and optional; not ${Object.keys(rest).join(', ')}`;
  if (optional !== undefined && typeof optional !== 'boolean') return 'optional must be true or false';
  if ((env === undefined) === (file === undefined)) return 'a secret reference names exactly one of env or file';
  if (env !== undefined) {
    if (typeof env !== 'string' || !NAME.test(env)) return 'env must name an environment variable (letters, digits and _)';
    return { reference: `env:${env}`, optional: optional === true };
  }
  if (typeof file !== 'string' || file.length === 0 || file.length > 1024 || file.includes('\0'))
    return 'file must be a path of at most 1024 characters';
  return { reference: `file:${file}`, optional: optional === true };
}

/** What the document says of one secret field, with the values the client supplied. */
export function readSecretField(value: unknown, supplied: SecretReferenceValues): SecretFieldReading {
  if (value === undefined) return { kind: 'absent' };
  if (typeof value === 'string')
    return { kind: 'problem', message: 'a secret is never written in the document: give a reference, { env: NAME } or { file: PATH }' };
  const reference = referenceOf(value);
  if (reference === null) return { kind: 'problem', message: 'must be a secret reference, { env: NAME } or { file: PATH }' };
  if (typeof reference === 'string') return { kind: 'problem', message: reference };
  const resolved = supplied.get(reference.reference);
  if (resolved !== undefined && resolved !== '') return { kind: 'value', reference: reference.reference, value: resolved };
  if (reference.optional) return { kind: 'kept', reference: reference.reference };
  return {
    kind: 'problem',
    message: `no value was supplied for ${reference.reference} (set it, or write optional: true to keep the current secret)`,
  };
}

/** The value at a dotted path of a plain object (undefined where the path does not lead). */
export function valueAt(object: unknown, dottedPath: string): unknown {
  return dottedPath
    .split('.')
    .reduce<unknown>(
      (at, part) => (at && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[part] : undefined),
      object,
    );
}

/** A copy of `object` with the value at a dotted path replaced (or removed, for undefined). */
export function withValueAt(object: Record<string, unknown>, dottedPath: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = dottedPath.split('.');
  const copy = { ...object };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head!];
    else copy[head!] = value;
    return copy;
  }
  const inner = copy[head!];
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return copy;
  copy[head!] = withValueAt(inner as Record<string, unknown>, rest.join('.'), value);
  return copy;
}
