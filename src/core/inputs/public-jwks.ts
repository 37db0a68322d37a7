// A JWKS a vendor is given to verify tokens with (Huawei's signing_key) holds public keys only. A private or
// symmetric key pasted there by mistake would be sent to the vendor, kept in the gateway's snapshots and
// audit trail and shown on every read: it is refused, naming the key and the member. Not vendor-specific.

/** The members that only a private key has (RFC 7518 6.2.2 for EC and 6.3.2 for RSA; "d" also for OKP, RFC 8037). */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;

const NEVER = 'a JWKS given here holds public keys only: a private key must never be given (it would be sent on and stored)';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Why a parsed JWKS (`{"keys":[...]}`, or a single JWK) holds something other than public keys: one message
 * per offending key, naming its index and the members; [] when every key is public. Entries that are no
 * objects are left to the caller's shape rules.
 */
export function privateJwkProblems(jwks: unknown): string[] {
  const keys = isObject(jwks) && Array.isArray(jwks.keys) ? jwks.keys : isObject(jwks) ? [jwks] : [];
  const single = !(isObject(jwks) && Array.isArray(jwks.keys));
  const problems: string[] = [];
  keys.forEach((key, index) => {
    if (!isObject(key)) return;
    const which = single ? 'the key' : `keys[${index}]`;
    if (key.kty === 'oct' || Object.hasOwn(key, 'k')) {
      const how = [key.kty === 'oct' ? 'kty "oct"' : null, Object.hasOwn(key, 'k') ? 'member "k"' : null].filter(Boolean).join(', ');
      problems.push(`${which} is a symmetric key (${how}), a secret: ${NEVER}`);
      return;
    }
    const members = PRIVATE_JWK_MEMBERS.filter((member) => Object.hasOwn(key, member));
    if (members.length) {
      const named = members.map((member) => `"${member}"`).join(', ');
      problems.push(`${which} has the private-key member${members.length > 1 ? 's' : ''} ${named}: ${NEVER}`);
    }
  });
  return problems;
}
