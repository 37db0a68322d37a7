// Entry: read the config (or start the sandbox), open the store, serve GraphQL until SIGINT/SIGTERM.
import { resolve } from 'node:path';
import { listenGateway } from './app.js';
import { ConfigError, configPathFrom, loadConfigFile, serverAddressFromEnv, type GatewayConfig } from './config.js';
import { loadFingerprintKey } from './core/secrets.js';
import { startSandbox } from './sandbox.js';
import { openStore, StoreLockedError, storeOptionsFromEnv } from './store/open.js';

async function main(): Promise<void> {
  const started = performance.now();
  const configPath = configPathFrom(process.argv.slice(2));
  const { host, port } = serverAddressFromEnv();
  const fileConfig = configPath ? loadConfigFile(configPath) : null;
  const dataDir = resolve(process.env.IDP_GATEWAY_DATA_DIR ?? '.data');
  // The store first: a folder held by another gateway is refused before anything else starts.
  const store = await openStore(storeOptionsFromEnv());
  const sandbox = fileConfig ? null : await startSandbox();
  const config: GatewayConfig = fileConfig ?? sandbox!.config;
  const banner = sandbox
    ? '# SANDBOX: vendor emulators with sample data on loopback; no authentication while bound to loopback.'
    : undefined;
  const gateway = await listenGateway({
    config,
    store,
    fingerprintKey: loadFingerprintKey(dataDir),
    host,
    port,
    actor: sandbox ? 'sandbox' : 'anonymous',
    graphiqlBanner: banner,
  });

  const lines = [
    `IdP gateway ready in ${Math.round(performance.now() - started)} ms`,
    `  GraphiQL:    ${gateway.url}`,
    `  Store:       ${store.kind} (${store.location})`,
    `  Connections: ${config.connections.map((c) => `${c.id} (${c.vendor})`).join(', ')}`,
  ];
  if (sandbox) lines.push('  Mode:        sandbox — vendor emulators with sample data; set IDP_GATEWAY_CONFIG to use real vendors');
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await gateway.close();
    await store.close();
    await sandbox?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StoreLockedError) {
    console.error(error.message);
  } else {
    console.error('The gateway could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
