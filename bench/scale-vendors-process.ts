// Child process of the scale figures (bench/scale.ts): the sandbox at scale (src/emulation/scale.ts), N
// connections per vendor with M providers each, every emulator answering `latencyMs` late (a `latency` fault
// from the start, as IDP_GATEWAY_SANDBOX_FAULTS sets it). Over IPC it answers with the connections
// (credentials resolved; never printed) and with the most requests the emulators of this process were handling
// at once (src/emulation/http.ts), which the parent resets before a refresh: the cap checked at the vendors.
import { emulatorsInFlight, resetEmulatorsInFlight } from '../src/emulation/http.js';
import { SANDBOX_FAULTS_ENV, startSandbox } from '../src/emulation/sandbox.js';
import { SANDBOX_CONNECTIONS_ENV, SANDBOX_PROVIDERS_ENV } from '../src/emulation/scale.js';
import { VENDOR_KEYS } from '../src/vendors/index.js';

export type ScaleQuestion = { kind: 'connections' } | { kind: 'in-flight'; reset?: boolean } | { kind: 'requests' };
export type ScaleAnswer =
  | { kind: 'connections'; connections: Array<Record<string, unknown> & { id: string; vendor: string; baseUrl: string }> }
  | { kind: 'in-flight'; now: number; max: number }
  | { kind: 'requests'; total: number };

const [connections = '200', providers = '10', latencyMs = '50'] = process.argv.slice(2);
const sandbox = await startSandbox({
  [SANDBOX_CONNECTIONS_ENV]: connections,
  [SANDBOX_PROVIDERS_ENV]: providers,
  [SANDBOX_FAULTS_ENV]: JSON.stringify(VENDOR_KEYS.map((vendor) => ({ vendor, kind: 'latency', ms: Number(latencyMs) }))),
});

process.on('message', (question: ScaleQuestion) => {
  let answer: ScaleAnswer;
  if (question.kind === 'connections') answer = { kind: 'connections', connections: sandbox.config.connections };
  else if (question.kind === 'requests')
    answer = { kind: 'requests', total: sandbox.emulators.reduce((sum, emulator) => sum + emulator.requests.length, 0) };
  else {
    if (question.reset) resetEmulatorsInFlight();
    answer = { kind: 'in-flight', ...emulatorsInFlight() };
  }
  process.send!(answer);
});

const stop = () => void sandbox.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);

console.log(`vendors ready: ${sandbox.config.connections.length} connections`);
