// `idp-gateway export`: the live estate (every connection the token sees, or the ones named) as an estate
// document, YAML or JSON, on stdout or in a file. Planning it right away shows no changes.
import { writeFileSync } from 'node:fs';
import { type Command, EXIT } from '../command.js';
import { CONNECTION_HELP, URL_OPTION } from './options.js';

type ExportValues = { url?: string; connection?: string[]; vendor?: string[]; out?: string; json?: boolean };

export const exportCommand: Command<ExportValues> = {
  name: 'export',
  synopsis: 'export [--connection <id>]... [--vendor <vendor>]... [--out <file>] [--json] [--url <url>]',
  summary: 'write the live estate as an estate document (YAML, or JSON with --json)',
  details: [
    'Every connection the token can see, narrowed by --connection (repeatable) and --vendor (repeatable: akamai,',
    'cpanel, huawei, slashid, twosms). The document goes to stdout, or to --out <file> (then a one-line note goes',
    'to stderr). Secret fields are written as { env: ... } references, never as values.',
    ...CONNECTION_HELP,
    'Needs the viewer role. Exit 0; 1 when the gateway cannot be reached or refuses (the reason on stderr).',
  ].join('\n'),
  options: {
    ...URL_OPTION,
    connection: { type: 'string', multiple: true },
    vendor: { type: 'string', multiple: true },
    out: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
  },
  async run(values) {
    const [{ exportEstate }, { gatewayEndpoint }, { CliFailure, reportFailure }] = await Promise.all([
      import('./api.js'),
      import('./graphql-client.js'),
      import('./failure.js'),
    ]);
    try {
      const exported = await exportEstate(gatewayEndpoint(values.url), { connectionIds: values.connection, vendors: values.vendor });
      const text = values.json ? `${JSON.stringify(exported.json, null, 2)}\n` : exported.yaml;
      if (!values.out) {
        process.stdout.write(text);
        return EXIT.ok;
      }
      try {
        writeFileSync(values.out, text);
      } catch (error) {
        throw new CliFailure([`cannot write ${values.out} (${(error as NodeJS.ErrnoException).code ?? 'unwritable'})`]);
      }
      process.stderr.write(`Exported ${exported.providerCount} provider${exported.providerCount === 1 ? '' : 's'} to ${values.out}.\n`);
      return EXIT.ok;
    } catch (error) {
      return reportFailure('export', error);
    }
  },
};
