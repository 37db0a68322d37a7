// A copy of client input that the audit trail can always hold: PostgreSQL's jsonb refuses a NUL character,
// and a refused 200 000-character name should not be kept whole. Control characters become U+FFFD and long
// strings are cut, saying how much was left out. Only for keeping a record: inputs are checked (and refused)
// elsewhere, never "repaired" on their way to a vendor.

/** The most characters of one string kept in an audit record. */
export const MAX_STORED_STRING = 4_096;

// Control characters: finding them is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function storableString(value: string): string {
  const clean = value.replace(CONTROL, '\uFFFD');
  return clean.length <= MAX_STORED_STRING
    ? clean
    : `${clean.slice(0, MAX_STORED_STRING)}…[${clean.length - MAX_STORED_STRING} more characters]`;
}

export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableString(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableString(key), storableJson(inner)]));
  }
  return value;
}
