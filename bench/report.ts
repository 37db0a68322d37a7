// The benchmark's figures: each a value measured against a baseline measured in the same run, the ratio of
// the two, the target and whether it holds. Printed as a table and written to bench/results.json.
import { writeFileSync } from 'node:fs';

export interface Figure {
  name: string;
  value: number;
  baseline: number;
  ratio: number;
  target: string;
  pass: boolean;
}

/** Rounds for the table and the JSON: 3 significant decimals are more than the noise allows. */
export function rounded(value: number, decimals = 3): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** `pass` is told the ratio and the value: most targets are ratios, some (the estate plan's 2 s) a value. */
export function figure(
  name: string,
  value: number,
  baseline: number,
  target: string,
  pass: (ratio: number, value: number) => boolean,
): Figure {
  const ratio = value / baseline;
  return { name, value: rounded(value), baseline: rounded(baseline), ratio: rounded(ratio), target, pass: pass(ratio, value) };
}

export function printTable(figures: Figure[], heading: string[]): string {
  const rows = [
    ['figure', 'value', 'baseline', 'ratio', 'target', 'pass'],
    ...figures.map((f) => [f.name, String(f.value), String(f.baseline), String(f.ratio), f.target, f.pass ? 'yes' : 'NO']),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 || column === 4 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [...heading, '', line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function writeResults(path: string, figures: Figure[]): void {
  writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);
}
