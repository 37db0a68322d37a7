// What every `idp-gateway` command declares, and the argument parsing they share (node:util parseArgs).
// Command files import the gateway's modules inside `run`, so that `--help` and bad usage answer at once.
import { parseArgs } from 'node:util';

export interface Command {
  name: string;
  /** The command line, e.g. "check-config <file>". */
  synopsis: string;
  /** One line in `idp-gateway --help`. */
  summary: string;
  /** The rest of `idp-gateway <command> --help`: details, environment, exit codes. */
  details: string;
  /** String options only (`--name value` or `--name=value`). */
  options?: Record<string, { type: 'string'; short?: string }>;
  /** Names of the positional arguments, all required. */
  positionals?: string[];
  /** A number is the exit code; nothing means the command keeps the process running (start). */
  run(values: Record<string, string | undefined>, positionals: string[]): Promise<number | void>;
}

/** Bad usage: the message and the command's help go to stderr, exit code 2. */
export class UsageError extends Error {}

/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function commandHelp(command: Command): string {
  return `Usage: idp-gateway ${command.synopsis}\n\n${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.\n${command.details}\n`;
}

/** `argv` after the command name: its options and positionals, or `help` when --help / -h is among them. */
export function parseCommandArgs(command: Command, argv: string[]): { help: true } | { help: false; values: Record<string, string | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { help, ...values } = parsed.values;
  if (help) return { help: true };
  const expected = command.positionals ?? [];
  if (parsed.positionals.length !== expected.length) {
    throw new UsageError(
      parsed.positionals.length < expected.length
        ? `missing ${expected.slice(parsed.positionals.length).map((name) => `<${name}>`).join(' ')}`
        : `unexpected argument "${parsed.positionals[expected.length]}"`,
    );
  }
  return { help: false, values: values as Record<string, string | undefined>, positionals: parsed.positionals };
}
