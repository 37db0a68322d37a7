// Child process: the five sandbox vendor emulators, seeded to as many providers each as its argument says (the
// sandbox samples, then numbered copies: src/core/sample-fill.ts). Over the IPC channel it answers the parent with the
// connections (credentials resolved; never printed) and with how many requests each emulator has received, so
// the benchmark can show that a cached read made no vendor call.
import { startSandbox } from '../src/emulation/sandbox.js';

/** The parent asks; the child answers with the same kind. */
export type VendorsQuestion = { kind: 'connections' } | { kind: 'requests' };
export type VendorsAnswer =
  | { kind: 'connections'; connections: Array<Record<string, unknown> & { id: string; vendor: string; baseUrl: string }> }
  | { kind: 'requests'; byConnection: Record<string, number> };

const sandbox = await startSandbox({}, { providersPerVendor: Number(process.argv[2]) });

process.on('message', (question: VendorsQuestion) => {
  const answer: VendorsAnswer =
    question.kind === 'connections'
      ? { kind: 'connections', connections: sandbox.config.connections }
      : {
          kind: 'requests',
          byConnection: Object.fromEntries(sandbox.emulators.map((emulator) => [emulator.connectionId, emulator.requests.length])),
        };
  process.send!(answer);
});

const stop = () => void sandbox.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);

console.log(`vendors ready: ${sandbox.emulators.map((emulator) => emulator.url).join(' ')}`);
