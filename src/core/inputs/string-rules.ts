// The rules of one string value that every vendor shares: no control characters (line breaks and tabs only
// where a field declares them) and a length range. One place, so that the input walk (input-rules.ts), the
// pipeline options and the URL schemas (https-url.ts, entity-id.ts) refuse a string with the same words.
import type { StringFieldRule } from '../vendor-contract/adapter.js';

/** The cap of a string field that declares none (the vendor documents none): 1024 characters. */
export const DEFAULT_MAX_STRING_LENGTH = 1024;

const LINE_BREAKS_AND_TABS = new Set([0x09, 0x0a, 0x0d]);

/** "U+0000" for a character code. */
export function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why `value` is refused for its control characters (U+0000-U+001F, U+007F), naming the first one and its
 * position (1 = the first character); null when it has none. `multiline` lets \n, \r and \t through.
 */
export function controlCharacterProblem(value: string, multiline = false): string | null {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0x1f && code !== 0x7f) continue;
    if (multiline && LINE_BREAKS_AND_TABS.has(code)) continue;
    const what = multiline ? 'control characters other than line breaks and tabs' : 'control characters';
    return `must not contain ${what} (found ${codePointName(code)} at position ${index + 1})`;
  }
  return null;
}

const characters = (count: number) => `${count} character${count === 1 ? '' : 's'}`;

/** Why `value` is too long or too short (UTF-16 code units, as JavaScript and zod count), or null. */
export function lengthProblem(value: string, min = 0, max = DEFAULT_MAX_STRING_LENGTH): string | null {
  if (value.length > max) return `must be at most ${characters(max)} (has ${value.length})`;
  if (value.length < min) return `must be at least ${characters(min)} (has ${value.length})`;
  return null;
}

/** Every problem of `value` under `rule` (the defaults where it says nothing): [] when it passes. */
export function stringProblems(value: string, rule: StringFieldRule = {}): string[] {
  const problems: string[] = [];
  const length = lengthProblem(value, rule.min ?? 0, rule.max ?? DEFAULT_MAX_STRING_LENGTH);
  if (length) problems.push(length);
  const control = controlCharacterProblem(value, rule.multiline ?? false);
  if (control) problems.push(control);
  return problems;
}
