// graphql-js's "Did you mean ...?" suggestions tell a stranger the schema's names: production cuts them from
// every message (src/http/security.ts), and batch item errors are cut the same way (automation.ts).

// graphql-js's suggestions: ' Did you mean "a", "b", or "c"?', ' Did you mean the enum value "A"?',
// ' Did you mean to use an inline fragment on "X"?' (names never hold a quote).
const SUGGESTION = / ?Did you mean (?:[a-z]+(?: [a-z]+)* )?"[^"]*"(?:(?:, or |, | or )"[^"]*")*\?/g;

/** A message without graphql-js's "Did you mean ...?" suggestions. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trimEnd();
}
