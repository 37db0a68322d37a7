// Prints, after the run, the ten slowest test files (import + tests) and one plain closing line,
// "tests: N passed, N failed, N skipped", that CI can read without colours.
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST = 10;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const files: Array<{ file: string; ms: number }> = [];
    for (const module of testModules) {
      let ran = false;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
        ran ||= state === 'passed' || state === 'failed';
      }
      const { collectDuration, duration } = module.diagnostic();
      if (ran) files.push({ file: relative(process.cwd(), module.moduleId), ms: collectDuration + duration });
    }
    const slowest = files.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST);
    const lines = slowest.map(({ file, ms }) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`);
    process.stdout.write(`\nslowest test files:\n${lines.join('\n')}\n`);
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
