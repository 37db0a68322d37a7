// `idp-gateway migrate`: applies the pending migrations to the store the environment names, then exits.
import type { MigrationReport } from '../store/migrate.js';
import { type Command, EXIT } from './command.js';

export const migrateCommand: Command = {
  name: 'migrate',
  synopsis: 'migrate',
  summary: 'apply the database migrations, then exit',
  details: [
    'The store: DATABASE_URL (PostgreSQL), else PGlite in IDP_GATEWAY_DATA_DIR (./.data). Safe to run while',
    'other instances start on the same PostgreSQL (one advisory lock); a PGlite folder in use is refused.',
    '`start` applies them too: this command is for running them first (a deploy step, an init container).',
    'Prints the migrations it applied. Exit 0 when the schema is up to date, 1 when the store fails.',
  ].join('\n'),
  async run() {
    const [{ migrateStore }, { storeOptionsFromEnv }] = await Promise.all([import('../store/migrate.js'), import('../store/open.js')]);
    const env = process.env;
    let report: MigrationReport;
    try {
      report = await migrateStore(storeOptionsFromEnv(env));
    } catch (error) {
      console.error(
        `The store could not be migrated: ${withoutPassword(error instanceof Error ? error.message : String(error), env.DATABASE_URL)}`,
      );
      return EXIT.failed;
    }
    const { store, appliedNow, appliedBefore } = report;
    try {
      console.log(`Store: ${store.kind} (${store.location})`);
      if (appliedNow.length)
        console.log(`Applied ${appliedNow.length} migration${appliedNow.length === 1 ? '' : 's'}: ${appliedNow.join(', ')}`);
      else
        console.log(
          `Nothing to apply: the schema is up to date (${appliedBefore.length} migrations, latest ${appliedBefore.at(-1) ?? 'none'})`,
        );
    } finally {
      await store.close();
    }
    return EXIT.ok;
  },
};

/** A driver message could quote the connection URL: its password never goes out. */
function withoutPassword(message: string, url: string | undefined): string {
  const password = url && URL.canParse(url) ? decodeURIComponent(new URL(url).password) : '';
  return password ? message.replaceAll(password, '***') : message;
}
