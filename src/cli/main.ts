// `idp-gateway <command>` (bin/idp-gateway.js runs the compiled dist/cli/main.js, or this file through tsx):
// picks the command, parses its arguments, runs it. Exit codes: 0 done, 1 failed, 2 bad usage (the usage goes to stderr);
// `plan` says 2 for "changes", so its bad usage is 1 (Command.usageExitCode).
import { checkConfigCommand } from './check-config.js';
import { type AnyCommand, commandHelp, EXIT, parseCommandArgs, UsageError } from './command.js';
import { applyCommand } from './estate/apply.js';
import { exportCommand } from './estate/export.js';
import { planCommand } from './estate/plan.js';
import { hashTokenCommand } from './hash-token.js';
import { migrateCommand } from './migrate.js';
import { printSchemaCommand } from './print-schema.js';
import { startCommand } from './start.js';

const COMMANDS: AnyCommand[] = [
  startCommand,
  migrateCommand,
  checkConfigCommand,
  printSchemaCommand,
  hashTokenCommand,
  exportCommand,
  planCommand,
  applyCommand,
];

function usage(): string {
  return [
    'Usage: idp-gateway <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.synopsis}\n      ${command.summary}`),
    '',
    '`idp-gateway <command> --help` describes a command. Exit codes: 0 done, 1 failed, 2 bad usage (plan: 2 = changes).',
    '',
  ].join('\n');
}

// biome-ignore lint/suspicious/noConfusingVoidType: as Command.run (cli/command.ts)
async function runCli(argv: string[]): Promise<number | void> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`${name === undefined ? 'No command given.' : `Unknown command "${name}".`}\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.help) {
      process.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(args.values, args.positionals);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`idp-gateway ${command.name}: ${error.message}\n\n${commandHelp(command)}`);
    return command.usageExitCode ?? EXIT.usage;
  }
}

// `idp-gateway print-schema | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

try {
  const code = await runCli(process.argv.slice(2));
  // Ends once the output is flushed and everything is closed (the commands close what they open).
  if (code !== undefined) process.exitCode = code;
} catch (error) {
  console.error(`idp-gateway: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = EXIT.failed;
}
