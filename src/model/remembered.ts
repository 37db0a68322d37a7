// Results of pure, costly work remembered for the inputs seen lately: work the gateway does again and again on the
// same few values (an X.509 certificate parsed on every read of its provider, a secret's HMAC, a key's hash).
// Bounded: past `limit` entries it forgets them all and starts again; the working set comes back within a few
// calls, and a hit costs no bookkeeping.
export function rememberLately<K, V>(limit: number, compute: (key: K) => V): (key: K) => V {
  const remembered = new Map<K, V>();
  return (key) => {
    if (remembered.has(key)) return remembered.get(key) as V;
    const value = compute(key);
    if (remembered.size >= limit) remembered.clear();
    remembered.set(key, value);
    return value;
  };
}
