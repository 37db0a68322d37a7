// The order of test files in a run without a results cache (a fresh clone, as CI has): the files known to take
// longest first, then vitest's own order (larger files first). Four workers share two cores, so a long file
// that starts last is the run's tail: in a fresh clone vitest has no durations and started the fault matrix and
// the fuzzers near the end. With a results cache (a second run here) vitest's own order already runs the
// longest first. Keep the list to the ten slowest files the summary reporter prints (and the console's browser files).
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOWEST = [
  'test/faults/matrix.test.ts',
  'test/cli/estate-roundtrip.test.ts',
  'test/store/pglite-template.test.ts',
  'test/security/fuzz.test.ts',
  'test/cli/estate-commands.test.ts',
  'test/security/input-rules.test.ts',
  'test/console/estate.test.ts',
  'test/process/shutdown.test.ts',
  'test/webhooks/crash.test.ts',
  'test/cli/migrate-then-start.test.ts',
  // The console's browser files: each starts a gateway and a Chromium; at the run's tail they would run alone.
  'test/console/provider.test.ts',
  'test/console/roles.test.ts',
  'test/console/health.test.ts',
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOWEST.findIndex((slow) => file.moduleId.endsWith(slow));
      return index < 0 ? SLOWEST.length : index;
    };
    const root = this.ctx.config.root;
    const known = sorted.some(
      (file) => this.ctx.cache.getFileTestResults(`${file.project.name}:${relative(root, file.moduleId)}`) !== undefined,
    );
    if (known) return sorted;
    return sorted
      .map((file, at) => ({ file, at }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.at - b.at)
      .map(({ file }) => file);
  }
}
