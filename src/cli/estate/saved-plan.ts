// `plan --out plan.json`: the reviewed plan as a file for a later `apply plan.json`. It holds what apply needs
// (the plan's id in the gateway, the gateway's URL, the document to resolve secrets from again) and, for review
// and scripts, the version of every target and the summary. It holds no secret and no document text.
import { writeFileSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { EstatePlan } from './api-types.js';
import { CliFailure } from './failure.js';

export const SAVED_PLAN_FORMAT = 'idp-gateway estate plan';

const savedPlanShape = z.object({
  format: z.literal(SAVED_PLAN_FORMAT),
  formatVersion: z.literal(1),
  planId: z.string().min(1),
  url: z.string().min(1),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** The document, relative to the saved plan's folder. */
  document: z.string().min(1),
  items: z.array(
    z.object({
      connectionId: z.string(),
      documentPath: z.string(),
      key: z.string().nullable(),
      action: z.enum(['CREATE', 'UPDATE', 'DELETE', 'NO_OP', 'UNMANAGED']),
      version: z.string().nullable(),
    }),
  ),
  summary: z.object({ creates: z.int(), updates: z.int(), deletes: z.int(), unchanged: z.int(), unmanaged: z.int() }),
});

export type SavedPlan = z.infer<typeof savedPlanShape>;

export function savedPlanOf(plan: EstatePlan, url: string, documentPath: string, planPath: string): SavedPlan {
  return {
    format: SAVED_PLAN_FORMAT,
    formatVersion: 1,
    planId: plan.id,
    url,
    createdAt: plan.createdAt,
    expiresAt: plan.expiresAt,
    document: relative(dirname(resolve(planPath)), resolve(documentPath)) || documentPath,
    items: plan.items.map(({ connectionId, documentPath: path, key, action, version }) => ({
      connectionId,
      documentPath: path,
      key,
      action,
      version,
    })),
    summary: plan.summary,
  };
}

export function writeSavedPlan(planPath: string, saved: SavedPlan): void {
  try {
    writeFileSync(planPath, `${JSON.stringify(saved, null, 2)}\n`);
  } catch (error) {
    throw new CliFailure([`cannot write the plan to ${planPath} (${(error as NodeJS.ErrnoException).code ?? 'unwritable'})`]);
  }
}

/** The saved plan at `planPath`, its document's path resolved (relative to the plan's folder); expired plans are refused. */
export function readSavedPlan(planPath: string, now: Date = new Date()): SavedPlan & { documentFile: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(planPath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure([`cannot read the saved plan ${planPath} (${code ?? 'not JSON'})`]);
  }
  const parsed = savedPlanShape.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CliFailure([
      `${planPath} is not a plan saved by \`idp-gateway plan --out\` (${first?.path.join('.') || 'file'}: ${first?.message})`,
    ]);
  }
  const saved = parsed.data;
  if (Date.parse(saved.expiresAt) <= now.getTime()) {
    throw new CliFailure([`the plan in ${planPath} expired at ${saved.expiresAt}: make a new one (idp-gateway plan --out) and review it`]);
  }
  return { ...saved, documentFile: resolve(dirname(resolve(planPath)), saved.document) };
}
