// What an estate command reports when it cannot do its job: lines for stderr, and exit code 1. A failure's lines
// never carry a secret value (they name references, paths and the gateway's own messages).
export class CliFailure extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** Writes a failure to stderr (`idp-gateway <command>: first line`, the others indented) and gives exit code 1. */
export function reportFailure(commandName: string, error: unknown): number {
  if (!(error instanceof CliFailure)) throw error;
  const [first, ...rest] = error.lines;
  process.stderr.write(`idp-gateway ${commandName}: ${first ?? 'failed'}\n${rest.map((line) => `  ${line}\n`).join('')}`);
  return 1;
}
