// Sandbox sample data in any amount: the hand-written samples first, then numbered copies of them (round
// robin) until there are `count`, so a frontend's paging and the benchmarks have hundreds of providers to list.

/**
 * `samples` followed by copies made with `copy(sample, n)` (n = 1, 2, ...: the copy's ordinal, to make its
 * key unique) until the list holds `count` entries. No `count`, or one not above the samples: the samples.
 */
export function fillSamples<T>(samples: T[], count: number | undefined, copy: (sample: T, n: number) => T): T[] {
  const filled = [...samples];
  for (let n = 1; samples.length > 0 && filled.length < (count ?? 0); n++) {
    filled.push(copy(structuredClone(samples[(n - 1) % samples.length]!), n));
  }
  return filled;
}
