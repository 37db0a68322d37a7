// Rotates the client secret of an Akamai custom provider through the IdP gateway, the safe way:
//   1. read the provider and its version
//   2. dry run: the planned vendor requests (secrets redacted by the gateway), nothing written
//   3. apply with an idempotency key and the expected version (safe to send again after a timeout)
//   4. verify: read again (new version, hasClientSecret), the audit event SUCCEEDED and the read-back
//   5. print the audit event
// Usage: see examples/lib/options.ts (or --help). The secret comes from NEW_CLIENT_SECRET or standard input.
import { randomUUID } from 'node:crypto';
import {
  AUDIT_EVENTS_OF_PROVIDER,
  type AuditEvent,
  type FieldChange,
  type PlannedVendorRequest,
  type ProviderState,
  READ_PROVIDER,
  ROTATABLE_TYPE,
  ROTATE_CLIENT_SECRET,
  ROTATE_OPERATION,
  type RotateInput,
  type RotateResult,
} from './lib/documents.js';
import { GraphQLClient, GraphQLRequestError } from './lib/graphql-client.js';
import { readNewSecret, type RotationOptions, rotationOptions, USAGE, UsageError } from './lib/options.js';

/** The gateway refused, or a step did not hold: the message says what was (not) done. Exit status 1. */
class RotationStopped extends Error {}

type Payload = Extract<RotateResult, { __typename: 'UpdateAkamaiCustomProviderPayload' }>;

function describeProvider(provider: ProviderState): string {
  return `"${provider.displayName}" (${provider.__typename} ${provider.key} on ${provider.connectionId}), protocol ${provider.protocol}, version ${provider.version}, hasClientSecret ${provider.hasClientSecret}`;
}

function describeChanges(changes: FieldChange[] | null): string[] {
  if (!changes?.length) return ['no change'];
  return changes.map((c) =>
    c.secret
      ? `${c.path}: changes (a secret: the values are never shown)`
      : `${c.path}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`,
  );
}

function describeRequests(requests: PlannedVendorRequest[] | null): string[] {
  return (requests ?? []).flatMap((r) => [
    `${r.method} ${r.path}${r.purpose ? `  (${r.purpose})` : ''}`,
    `  headers ${JSON.stringify(r.headers)}`,
    ...(r.body ? [`  body    ${r.body}`] : []),
  ]);
}

/** Why the gateway did not run the change, and what to do; every error type of the result union. */
function describeRefusal(result: Exclude<RotateResult, Payload>): string {
  switch (result.__typename) {
    case 'ValidationError':
      return `refused, nothing sent: ${result.message} ${(result.fieldErrors ?? []).map((e) => `[${(e.path ?? []).join('.')}: ${e.message}]`).join(' ')}`;
    case 'VersionConflictError':
      return (
        `refused, nothing sent: the provider moved on from version ${result.expectedVersion} to ${result.currentVersion} ` +
        `(changed since: ${describeChanges(result.changes).join('; ')}). Read it again and decide: run again without --expected-version.`
      );
    case 'VendorError':
      return (
        `${result.vendor} answered ${result.httpStatus ?? 'nothing'} (${result.vendorCode}): ${result.message}` +
        (result.retryable ? ' It may be retried: run again with the same --idempotency-key and --expected-version.' : '')
      );
    case 'IdempotencyInProgressError':
      return `a request with the key ${result.idempotencyKey} is still running: run again with the same key shortly.`;
    case 'IdempotencyKeyReuseError':
      return `refused, nothing sent: the key ${result.idempotencyKey} was used before with another input (another secret or version). Use a new key.`;
    case 'ForbiddenError':
      return `refused: your API token may not do this (role ${result.requiredRole} required).`;
    case 'NotFoundError':
      return `refused: ${result.message}`;
  }
}

async function send(client: GraphQLClient, input: RotateInput): Promise<Payload> {
  const { updateAkamaiCustomProvider: result } = await client.request(ROTATE_CLIENT_SECRET, { input });
  if (result.__typename !== 'UpdateAkamaiCustomProviderPayload')
    throw new RotationStopped(`${result.__typename}: ${describeRefusal(result)}`);
  return result;
}

/** The vendor took the write (2xx) and the gateway read the provider back afterwards (2xx). */
function confirmedByReadBack(event: AuditEvent | undefined): boolean {
  const calls = event?.vendorRequests ?? [];
  const ok = (status: number | null) => status !== null && status >= 200 && status < 300;
  const write = calls.findIndex((c) => c.method !== 'GET' && ok(c.status));
  return write >= 0 && calls.slice(write + 1).some((c) => c.method === 'GET' && ok(c.status));
}

async function rotate(options: RotationOptions, newSecret: string, out: (line?: string) => void): Promise<number> {
  const client = new GraphQLClient(options.gatewayUrl, options.token);
  const id = options.providerId;

  out('1. Read the provider');
  const { identityProvider: provider } = await client.request(READ_PROVIDER, { id });
  if (!provider) throw new RotationStopped(`no provider ${id} (or none your API token may see)`);
  if (provider.__typename !== ROTATABLE_TYPE) {
    throw new RotationStopped(
      `${provider.__typename} ${provider.key}: this script rotates the client secret of an ${ROTATABLE_TYPE} (${ROTATE_OPERATION})`,
    );
  }
  if (!provider.version || !provider.connectionId || !provider.key)
    throw new RotationStopped('the gateway gave no version, connection or key for the provider');
  out(`   ${describeProvider(provider)}`);
  if (provider.stale) out('   (the last known state: the vendor could not be read just now)');
  const expectedVersion = options.expectedVersion ?? provider.version;
  const idempotencyKey = options.idempotencyKey ?? `rotate-client-secret-${randomUUID()}`;

  if (expectedVersion !== provider.version) {
    // A retry of a run that may have landed: the same key and input replay the first result, and anything
    // else is refused (VersionConflictError) without a vendor call. A dry run would only be refused here.
    out('2. Dry run: skipped');
    out(
      `   The provider is at version ${provider.version}, not ${expectedVersion}: sending the change planned against ${expectedVersion} again.`,
    );
    out('   If this key applied it, the gateway replays that result; otherwise it refuses and sends nothing.');
  } else {
    out('2. Dry run (validated and planned against the live provider; nothing written)');
    const plan = await send(client, { id, clientSecret: newSecret, dryRun: true, expectedVersion });
    out(`   audit event ${plan.auditEvent?.id} ${plan.auditEvent?.status}`);
    for (const line of describeChanges(plan.changes)) out(`   change: ${line}`);
    for (const line of describeRequests(plan.vendorRequests)) out(`   request: ${line}`);
    if (!plan.changes?.some((change) => change.path === 'clientSecret')) {
      out('   Nothing to do: the provider already has this client secret (an earlier run may have rotated it).');
      return 0;
    }
  }

  out(`3. Apply (idempotency key ${idempotencyKey}, expected version ${expectedVersion})`);
  // Printed before sending: after a timeout, this is how to send exactly the same change again.
  out(`   To retry this very change: --idempotency-key ${idempotencyKey} --expected-version ${expectedVersion}`);
  const applied = await send(client, { id, clientSecret: newSecret, idempotencyKey, expectedVersion });
  out(
    `   ${applied.replayed ? 'replayed (the stored result of the first request with this key; nothing sent again)' : 'applied'}: audit event ${applied.auditEvent?.id} ${applied.auditEvent?.status}`,
  );

  out('4. Verify');
  const { identityProvider: after } = await client.request(READ_PROVIDER, { id });
  const { auditEvents } = await client.request(AUDIT_EVENTS_OF_PROVIDER, {
    connectionId: provider.connectionId,
    providerKey: provider.key,
    operation: ROTATE_OPERATION,
  });
  const event = auditEvents?.edges?.map((edge) => edge?.node).find((node) => node?.id === applied.auditEvent?.id) ?? undefined;
  const checks: Array<[string, boolean]> = [
    [`version changed: ${expectedVersion} -> ${after?.version}`, !!after?.version && after.version !== expectedVersion],
    [`hasClientSecret: ${after?.hasClientSecret}`, after?.hasClientSecret === true],
    [`audit event ${applied.auditEvent?.id}: ${event?.status ?? 'not found'}`, event?.status === 'SUCCEEDED'],
    ['the audit event records the secret change', !!event?.changes?.some((c) => c.path === 'clientSecret' && c.secret)],
    [
      `confirmed: the vendor took the write and the gateway read it back (${(event?.vendorRequests ?? []).map((c) => `${c.method} ${c.status}`).join(', ')})`,
      confirmedByReadBack(event),
    ],
  ];
  for (const [label, ok] of checks) out(`   ${ok ? 'ok  ' : 'FAIL'} ${label}`);

  out('5. Audit event');
  out(JSON.stringify(event ?? applied.auditEvent, null, 2));
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

async function main(): Promise<number> {
  let options: RotationOptions | null;
  let newSecret: string;
  try {
    options = rotationOptions(process.argv.slice(2), process.env);
    if (!options) {
      console.log(USAGE);
      return 0;
    }
    newSecret = await readNewSecret(options, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`rotate-client-secret: ${error.message} (--help for usage)`);
    return 2;
  }
  // The gateway never echoes a secret; this script does not either, even if it were handed one back.
  const out = (line = '') => process.stdout.write(`${line.split(newSecret).join('[REDACTED]')}\n`);
  try {
    return await rotate(options, newSecret, out);
  } catch (error) {
    if (error instanceof RotationStopped || error instanceof GraphQLRequestError) {
      console.error(`rotate-client-secret: ${error.message.split(newSecret).join('[REDACTED]')}`);
      return 1;
    }
    if (error instanceof TypeError && /fetch failed/.test(error.message)) {
      console.error(
        `rotate-client-secret: cannot reach the gateway at ${options.gatewayUrl} (${String((error.cause as Error | undefined)?.message ?? error.message)})`,
      );
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
