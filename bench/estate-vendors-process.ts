// Child process of the estate figure: many connections per vendor, each its own sandbox emulator seeded to the
// same number of providers (argv: connections per vendor, providers per connection). Only vendors whose module
// has an estate mapping are started (the others cannot be in a document). It speaks the protocol of
// bench/vendors-process.ts over IPC: the connections (config-parsed, credentials resolved; never printed) and
// how many requests each emulator has received, so the figure can count a plan's vendor calls per connection.
import type { SandboxVendor } from '../src/core/vendor-contract/vendor-module.js';
import { parseConfig } from '../src/config.js';
import { secretsAsEnvReferences } from '../src/emulation/sandbox.js';
import { vendorModules } from '../src/vendors/index.js';
import type { VendorsAnswer, VendorsQuestion } from './vendors-process.js';

const connectionsPerVendor = Number(process.argv[2]);
const providersPerConnection = Number(process.argv[3]);

const modules = vendorModules.filter((module) => module.estate !== undefined);
const started: SandboxVendor[] = [];
for (const module of modules) {
  // One vendor's emulators at once: the start-up of 50 emulators stays a few seconds, and a failure names its vendor.
  const ofVendor = await Promise.all(
    Array.from({ length: connectionsPerVendor }, () => module.startSandbox({ providers: providersPerConnection })),
  );
  ofVendor.forEach((vendor, index) => {
    vendor.connection.id = `${module.vendor}-${String(index + 1).padStart(2, '0')}`;
  });
  started.push(...ofVendor);
}

// Through the config's own schema, as the sandbox does: the connections get every default the gateway would give them.
const secretEnv: NodeJS.ProcessEnv = {};
const entries = started.map(({ connection }) => secretsAsEnvReferences(connection, 'ESTATE', secretEnv));
const config = parseConfig({ connections: entries }, 'the estate benchmark', secretEnv);
const skipped = vendorModules.filter((module) => module.estate === undefined).map((module) => module.vendor);

process.on('message', (question: VendorsQuestion) => {
  const answer: VendorsAnswer =
    question.kind === 'connections'
      ? { kind: 'connections', connections: config.connections as Extract<VendorsAnswer, { kind: 'connections' }>['connections'] }
      : {
          kind: 'requests',
          byConnection: Object.fromEntries(started.map((vendor) => [vendor.connection.id, vendor.requests.length])),
        };
  process.send!(answer);
});

const stop = () => void Promise.all(started.map((vendor) => vendor.close())).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);

console.log(`estate vendors ready: ${started.length} connections; without an estate mapping: ${skipped.join(' ') || 'none'}`);
