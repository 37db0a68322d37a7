// What every `idp-gateway` command declares, and the argument parsing they share (node:util parseArgs).
// Command files import the gateway's modules inside `run`, so that `--help` and bad usage answer at once.
import { parseArgs } from 'node:util';

/** One option: a string (`--name value` or `--name=value`) or a boolean switch (`--name`); `multiple` collects every use. */
export type OptionSpec = { type: 'string'; short?: string; multiple?: boolean } | { type: 'boolean'; short?: string };

/** What parsing gives a command: strings, booleans, and lists for `multiple` options. */
export type OptionValue = string | boolean | string[] | undefined;

/**
 * `Values` types what `run` receives: by default string options only; a command with boolean or `multiple`
 * options names its own (a type alias matching its `options`).
 */
export interface Command<Values extends Record<string, OptionValue> = Record<string, string | undefined>> {
  name: string;
  /** The command line, e.g. "check-config <file>". */
  synopsis: string;
  /** One line in `idp-gateway --help`. */
  summary: string;
  /** The rest of `idp-gateway <command> --help`: details, environment, exit codes. */
  details: string;
  options?: Record<string, OptionSpec>;
  /** Names of the positional arguments, all required. */
  positionals?: string[];
  /** Names of positional arguments that may follow the required ones, each optional. */
  optionalPositionals?: string[];
  /** The exit code of bad usage, when 2 means something else for this command (plan: 2 = changes). Default 2. */
  usageExitCode?: number;
  /** A number is the exit code; nothing means the command keeps the process running (start). */
  // biome-ignore lint/suspicious/noConfusingVoidType: an async command that keeps running returns nothing at all
  run(values: Values, positionals: string[]): Promise<number | void>;
}

/** Any command, as the dispatcher holds them (each `run` gets the values its own `options` parse to). */
export type AnyCommand = Command<Record<string, OptionValue>>;

/** Bad usage: the message and the command's help go to stderr, exit code 2. */
export class UsageError extends Error {}

/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function commandHelp(command: AnyCommand): string {
  return `Usage: idp-gateway ${command.synopsis}\n\n${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.\n${command.details}\n`;
}

/** `argv` after the command name: its options and positionals, or `help` when --help / -h is among them. */
export function parseCommandArgs(
  command: AnyCommand,
  argv: string[],
): { help: true } | { help: false; values: Record<string, OptionValue>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { help, ...values } = parsed.values;
  if (help) return { help: true };
  const expected = command.positionals ?? [];
  const most = expected.length + (command.optionalPositionals?.length ?? 0);
  if (parsed.positionals.length < expected.length || parsed.positionals.length > most) {
    throw new UsageError(
      parsed.positionals.length < expected.length
        ? `missing ${expected
            .slice(parsed.positionals.length)
            .map((name) => `<${name}>`)
            .join(' ')}`
        : `unexpected argument "${parsed.positionals[most]}"`,
    );
  }
  return { help: false, values, positionals: parsed.positionals };
}
