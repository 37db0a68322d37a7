// Entry of `npm start` and of `idp-gateway start` (src/cli/start.ts): read the config (or start the sandbox),
// open the store, serve GraphQL until SIGINT/SIGTERM.
import { consoleBuild } from './http/console-build.js';
import { CONSOLE_PATH } from './http/console-page.js';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, configPathFrom, loadConfigFile, serverAddressFromEnv, type GatewayConfig } from './config.js';
import { loadFingerprintKey } from './core/secrets.js';
import { securitySettings } from './http/security-settings.js';
import { openStore, StoreLockedError, storeOptionsFromEnv } from './store/open.js';
import { isStoreUnavailable } from './store/unavailable.js';
import { describeError } from './core/log.js';

/**
 * Starts the gateway from this config file (undefined: the sandbox) and serves until SIGINT or SIGTERM, which
 * end the process (exit 0) once the gateway has shut down. Rejects when it cannot start.
 */
export async function serveGateway(configPath: string | undefined): Promise<void> {
  const started = performance.now();
  const { host, port } = serverAddressFromEnv();
  const fileConfig = configPath ? loadConfigFile(configPath) : null;
  // The persisted operations manifest is named relative to the config file's folder.
  if (fileConfig?.persistedOperations && configPath)
    fileConfig.persistedOperations.manifest = resolve(dirname(configPath), fileConfig.persistedOperations.manifest);
  // Refuses a sandbox beyond loopback and a config file without tokens, before anything starts.
  const security = securitySettings(fileConfig, host);
  const dataDir = resolve(process.env.IDP_GATEWAY_DATA_DIR ?? '.data');
  const storeOptions = storeOptionsFromEnv();
  // Required from the environment on PostgreSQL (shared by instances); generated in the data folder on PGlite.
  const fingerprintKey = loadFingerprintKey(dataDir, process.env, storeOptions.kind === 'postgres' ? 'postgres' : 'pglite');
  // The store first: openStore takes the folder lock before its first await, so a folder held by another
  // gateway is refused before anything else starts. While PGlite compiles and starts (its WebAssembly compiles
  // on V8's background threads), the GraphQL side loads and the sandbox's emulators start: a second of a
  // start-up with the data folder present (issue 15.5).
  const storeOpening = openStore(storeOptions);
  const gatewayLoading = import('./gateway.js');
  // The emulators are loaded only here: a gateway with a config file never imports them.
  const sandboxStarting = fileConfig
    ? null
    : import('./emulation/sandbox.js').then(async (kit) => ({ kit, sandbox: await kit.startSandbox() }));
  // Each is awaited below; a failure of one must not end the process as "unhandled" while another is awaited.
  gatewayLoading.catch(() => {});
  sandboxStarting?.catch(() => {});
  const store = await storeOpening;
  const sandboxStarted = await sandboxStarting;
  const sandboxKit = sandboxStarted?.kit ?? null;
  const sandbox = sandboxStarted?.sandbox ?? null;
  const { listenGateway } = await gatewayLoading;
  const config: GatewayConfig = fileConfig ?? sandbox!.config;
  const banner = sandbox
    ? '# SANDBOX: vendor emulators with sample data on loopback. No config file, so no API tokens: every request\n' +
      '# is an anonymous admin, which the gateway allows only while bound to loopback (HOST=127.0.0.1).'
    : undefined;
  const gateway = await listenGateway({
    config,
    store,
    fingerprintKey,
    host,
    port,
    actor: sandbox ? 'sandbox' : 'anonymous',
    security,
    graphiqlBanner: banner,
  });

  const tokens = security.tokens;
  const lines = [
    `IdP gateway ready in ${Math.round(performance.now() - started)} ms`,
    security.graphiql
      ? `  GraphiQL:    ${gateway.url}`
      : `  GraphQL:     ${gateway.url} (GraphiQL off${security.production ? ': production' : ''})`,
    `  Console:     ${consoleBuild() ? `${new URL(gateway.url).origin}${CONSOLE_PATH}` : 'not built here (npm run build)'}`,
    `  Store:       ${store.kind} (${store.location})`,
    `  Connections: ${config.connections.map((c) => `${c.id} (${c.vendor})`).join(', ')}`,
  ];
  lines.push(
    tokens === null
      ? `  Access:      anonymous admin, no token needed (sandbox: allowed only on loopback, ${host})`
      : `  Access:      API token required (${(['admin', 'operator', 'viewer'] as const).map((role) => `${tokens.filter((t) => t.role === role).length} ${role}`).join(', ')})`,
  );
  const persisted = config.persistedOperations;
  if (persisted)
    lines.push(
      `  Documents:   ${persisted.allowArbitraryOperations === false ? 'persisted only' : 'any, and persisted ones by id'} (${persisted.manifest})`,
    );
  if (security.production)
    lines.push(`  Production:  on (introspection ${security.introspection ? 'on' : 'off'}, GraphiQL ${security.graphiql ? 'on' : 'off'})`);
  if (sandbox && sandboxKit) {
    lines.push('  Mode:        sandbox — vendor emulators with sample data; set IDP_GATEWAY_CONFIG to use real vendors');
    // Where to watch and change each emulator's faults (GET lists, POST adds, DELETE clears).
    for (const emulator of sandbox.emulators) {
      const active = emulator.faults.list().length;
      lines.push(
        `  Faults:      ${emulator.url}${sandboxKit.EMULATOR_FAULTS_PATH} (${emulator.connectionId}${active ? `, ${active} from ${sandboxKit.SANDBOX_FAULTS_ENV}` : ''})`,
      );
    }
  }
  console.log(lines.join('\n'));

  // A lost database connection must never end the process. The store handles its driver's error paths (see
  // src/store/postgres-sessions.ts, postgres-client.ts); should the driver still drop a promise of a
  // connection that went away, it is logged here. Anything else ends the process, as Node does by default.
  process.on('unhandledRejection', (reason) => {
    if (!isStoreUnavailable(reason)) throw reason;
    gateway.logger.log('warn', 'a database driver promise failed with nobody waiting for it (the connection went away)', {
      error: describeError(reason),
    });
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down (running changes may finish first)`);
    await gateway.close({ deadlineMs: Number(process.env.IDP_GATEWAY_SHUTDOWN_DEADLINE_MS ?? 10_000) });
    await store.close();
    await sandbox?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Says why the gateway could not start (a config or store problem by its message alone) and exits 1. */
export function exitOnStartFailure(error: unknown): never {
  if (error instanceof ConfigError || error instanceof StoreLockedError) {
    console.error(error.message);
  } else {
    console.error('The gateway could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}

/** True when this module is the script node was started with (not imported by the CLI). */
function isEntryScript(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// `node dist/main.js [--config file]` (`npm start`; `npm run dev` runs this file through tsx): the config
// from --config or IDP_GATEWAY_CONFIG.
if (isEntryScript()) serveGateway(configPathFrom(process.argv.slice(2))).catch(exitOnStartFailure);
