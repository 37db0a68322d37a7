// `idp-gateway print-schema`: the GraphQL schema (SDL) on stdout, as committed in schema/schema.graphql.
import { type Command, EXIT } from './command.js';

export const printSchemaCommand: Command = {
  name: 'print-schema',
  synopsis: 'print-schema',
  summary: 'print the GraphQL schema (SDL) to stdout',
  details: 'The same text as schema/schema.graphql, sorted by type name. Exit 0.',
  async run() {
    const { printGatewaySchema } = await import('../graphql/schema.js');
    process.stdout.write(printGatewaySchema());
    return EXIT.ok;
  },
};
