// The estate as code in GraphQL: exportEstate (the live estate as a document), planEstate (a document planned
// against the live state, stored for a day) and applyEstatePlan (a stored plan applied as reviewed). Viewers
// export and plan; operators apply. The work is core/estate's; this file names the types and checks access.
import { applyEstatePlan, DEFAULT_PARALLELISM } from '../core/estate/apply.js';
import { readEstateDocument } from '../core/estate/document.js';
import { EstateDocumentError, EstatePlanMovedError } from '../core/estate/errors.js';
import { exportEstate } from '../core/estate/export.js';
import { type EstatePlanData, planEstate } from '../core/estate/plan.js';
import { referencesIn } from '../core/estate/stored-secrets.js';
import { NotFoundError, StoreUnavailableError, ValidationError } from '../core/errors.js';
import type { VendorEstate } from '../core/vendor-contract/estate.js';
import type { VendorModule } from '../core/vendor-contract/vendor-module.js';
import type { JsonObject } from '../model/provider.js';
import { getEstatePlan, insertEstatePlan } from '../store/estate-plans.js';
import { isStoreUnavailable } from '../store/unavailable.js';
import type { VendorMutations } from './automation.js';
import { builder, type GraphQLContext } from './builder.js';
import { VendorEnum } from './enums.js';
import { MUTATION_ERRORS } from './errors.js';
import { EstateApplyReportRef, EstateExportRef, EstatePlanRef, EstateSecretInput } from './estate-types.js';

type Modules = readonly VendorModule<never, unknown>[];

const MAX_SECRETS = 500;

function secretValues(
  ctx: GraphQLContext,
  secrets: ReadonlyArray<{ reference: string; value: string }> | null | undefined,
): Map<string, string> {
  if ((secrets?.length ?? 0) > MAX_SECRETS)
    throw new ValidationError([{ path: ['secrets'], message: `at most ${MAX_SECRETS} secret values` }]);
  const values = new Map<string, string>();
  // Registered first: no message, log line or stored plan written from here on can carry them.
  for (const { reference, value } of secrets ?? []) {
    ctx.services.secrets.add(value);
    values.set(reference, value);
  }
  return values;
}

/** A store call whose database is away answers StoreUnavailableError, saying what that means for the caller. */
async function inStore<T>(consequence: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStoreUnavailable(error)) throw new StoreUnavailableError(`The gateway's database did not answer: ${consequence}`, 2);
    throw error;
  }
}

const NOTHING_SENT = 'nothing was sent to a vendor. Try again in a few seconds.';
const RUN_AGAIN =
  'the changes already made stand (auditEvents(changeSetId:) lists them). Apply the same plan again in a few seconds: finished changes are not repeated.';

function estatesOf(modules: Modules): Map<string, VendorEstate> {
  return new Map(modules.flatMap((module) => (module.estate ? [[module.vendor, module.estate] as const] : [])));
}

/** exportEstate, planEstate and applyEstatePlan. Called by buildGatewaySchema once the vendor mutations exist. */
export function registerEstate(mutations: VendorMutations, modules: Modules): void {
  const estates = estatesOf(modules);
  const specs = new Map([...mutations].map(([name, options]) => [name, options.spec]));

  builder.queryField('exportEstate', (t) =>
    t.field({
      type: EstateExportRef,
      description: 'The live estate (every connection you can see, or those named) as a document; read fresh from each vendor.',
      args: {
        connectionIds: t.arg.stringList({ description: 'Only these connections.' }),
        vendors: t.arg({ type: [VendorEnum], description: 'Only connections of these vendors.' }),
      },
      resolve: async (_root, args, ctx) => {
        const visible = ctx.principal.connections;
        const connections = ctx.services.connections
          .all()
          .filter((c) => !visible || visible.has(c.id))
          .filter((c) => !args.connectionIds || args.connectionIds.includes(c.id))
          .filter((c) => !args.vendors || args.vendors.includes(c.vendor))
          .filter((c) => estates.has(c.vendor));
        const reads = await ctx.services.reader.read(connections, { refresh: true, waitForVendor: true });
        const failed = reads.find((read) => read.error);
        if (failed?.error) throw failed.error;
        return exportEstate(reads, estates);
      },
    }),
  );

  builder.mutationField('planEstate', (t) =>
    t.fieldWithInput({
      description:
        'Plans a document (YAML or JSON) against the live state: per provider create / update / delete / no-op, the field changes, the exact vendor requests and warnings. Nothing is written to a vendor. The plan is kept for a day: applyEstatePlan applies it as shown.',
      input: {
        document: t.input.string({ required: true, description: 'The estate document, YAML or JSON.' }),
        refresh: t.input.boolean({
          description:
            "Read each connection's list now (the default); false plans against the gateway's snapshots (EstatePlan.snapshotAgeSeconds says how old).",
        }),
        secrets: t.input.field({ type: [EstateSecretInput], description: "Values of the document's secret references." }),
      },
      type: EstatePlanRef,
      nullable: false,
      // Planning writes nothing to a vendor: a viewer may plan.
      authScopes: { viewer: true },
      skipTypeScopes: true,
      errors: { types: [EstateDocumentError, ...MUTATION_ERRORS], directResult: true, union: { name: 'PlanEstateResult' } },
      resolve: async (_root, { input }, ctx) => {
        const secrets = secretValues(ctx, input.secrets);
        const reading = readEstateDocument(input.document, {
          connections: ctx.services.connections,
          visibleConnections: ctx.principal.connections,
          estates,
          secrets,
        });
        if (!reading.ok) throw new EstateDocumentError(reading.problems);
        const { reader, pipeline, fingerprinter, db } = ctx.services;
        const planned = await inStore(NOTHING_SENT, () =>
          planEstate(reading.document, { fromCache: input.refresh === false }, { reader, pipeline, fingerprinter, actor: ctx.actor }),
        );
        if (!planned.ok) throw 'problems' in planned ? new EstateDocumentError(planned.problems) : planned.error;
        const plan = planned.plan;
        const used = new Set(plan.items.flatMap((item) => item.operations.flatMap((op) => referencesIn(op.input))));
        await inStore(NOTHING_SENT, () =>
          insertEstatePlan(db, {
            id: plan.id,
            createdAt: new Date(plan.createdAt),
            expiresAt: new Date(plan.expiresAt),
            actor: ctx.actor,
            connectionIds: reading.document.sections.map((section) => section.connection.id),
            secretFingerprints: Object.fromEntries(
              [...used].map((reference) => [reference, fingerprinter.fingerprint(secrets.get(reference)!)]),
            ),
            plan: JSON.parse(JSON.stringify(plan)) as JsonObject,
          }),
        );
        return plan;
      },
    }),
  );

  builder.mutationField('applyEstatePlan', (t) =>
    t.fieldWithInput({
      description:
        'Applies a plan from planEstate as it was shown: refused as a whole (EstatePlanMovedError) when a target changed since. Each change runs through the mutation pipeline with an idempotency key from the plan, so running the same plan again after an interruption finishes it without duplicates.',
      input: {
        planId: t.input.id({ required: true }),
        secrets: t.input.field({ type: [EstateSecretInput], description: 'The same secret values as for the plan.' }),
        continueOnError: t.input.boolean({ description: 'Go on after a failed change (default: stop at the first).' }),
        parallelism: t.input.int({
          description: `Connections changed at once (default ${DEFAULT_PARALLELISM}); one connection's changes run in order.`,
        }),
      },
      type: EstateApplyReportRef,
      nullable: false,
      errors: { types: [EstatePlanMovedError, ...MUTATION_ERRORS], directResult: true, union: { name: 'ApplyEstatePlanResult' } },
      resolve: async (_root, { input }, ctx) => {
        const secrets = secretValues(ctx, input.secrets);
        const parallelism = input.parallelism ?? DEFAULT_PARALLELISM;
        if (parallelism < 1 || parallelism > 32)
          throw new ValidationError([{ path: ['parallelism'], message: 'parallelism must be 1 to 32' }]);
        const row = await inStore(NOTHING_SENT, () => getEstatePlan(ctx.services.db, String(input.planId)));
        const visible = ctx.principal.connections;
        if (!row || (visible && row.connectionIds.some((id) => !visible.has(id))))
          throw new NotFoundError('No estate plan has this id, or it expired (plans are kept for a day): plan again.');
        const { db, reader, pipeline, connections, fingerprinter } = ctx.services;
        const result = await inStore(RUN_AGAIN, () =>
          applyEstatePlan(
            { plan: row.plan as unknown as EstatePlanData, secretFingerprints: row.secretFingerprints },
            { secrets, continueOnError: input.continueOnError ?? false, parallelism },
            {
              db,
              reader,
              pipeline,
              connections,
              fingerprinter,
              specs,
              actor: ctx.actor,
              visibleConnections: visible,
              requestId: ctx.requestId ?? null,
            },
          ),
        );
        if (!result.ok) throw 'moved' in result ? new EstatePlanMovedError(result.moved) : result.error;
        return result;
      },
    }),
  );
}
