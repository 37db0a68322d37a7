// The shapes the estate API answers with (the gateway's EstatePlan, EstateApplyReport and their errors), as the
// CLI's queries select them (api.ts). `--json` prints these objects as they came: they are the CLI's JSON contract.

import type { EstateApplyItem as CoreApplyItem, EstateMovedTarget } from '../../core/estate/apply.js';
import type { DocumentProblem } from '../../core/estate/document-text.js';
import type { EstatePlanItem as CorePlanItem, EstatePlanSummary } from '../../core/estate/plan.js';

export type { EstateAction, EstatePlanSummary } from '../../core/estate/plan.js';
export type { EstateApplyStatus, EstateMovedTarget } from '../../core/estate/apply.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface FieldChange {
  path: string;
  before: JsonValue;
  after: JsonValue;
  /** A secret: before and after are null, only the change is known. */
  secret: boolean;
}

export interface PlannedVendorRequest {
  method: string;
  path: string;
  query: JsonValue;
  headers: JsonValue;
  body: string | null;
  purpose: string | null;
}

/** The core's plan item as GraphQL shows it: operations by name, changes and requests as JSON. */
export type EstatePlanItem = Omit<CorePlanItem, 'operations' | 'changes' | 'vendorRequests'> & {
  changes: FieldChange[];
  operations: string[];
  vendorRequests: PlannedVendorRequest[];
};

export interface EstatePlan {
  id: string;
  createdAt: string;
  expiresAt: string;
  fromCache: boolean;
  snapshotAgeSeconds: number | null;
  hasChanges: boolean;
  summary: EstatePlanSummary;
  items: EstatePlanItem[];
}

export interface BatchChangeError {
  code: string | null;
  message: string | null;
  vendorCode: string | null;
  retryable: boolean | null;
  fieldErrors: Array<{ path: string[]; message: string }> | null;
}

/** The core's apply item as the CLI selects it: audit events by id, status and operation, the error as data. */
export type EstateApplyItem = Omit<CoreApplyItem, 'auditEvents' | 'error'> & {
  auditEvents: Array<{ id: string; status: string; operation: string }>;
  error: BatchChangeError | null;
};

export interface EstateApplyReport {
  changeSetId: string;
  succeeded: boolean;
  items: EstateApplyItem[];
}

export interface EstateExport {
  yaml: string;
  json: JsonValue;
  providerCount: number;
}

export type EstateProblem = DocumentProblem;

/**
 * A typed error of a result union. Every one has `__typename` and `message`; the fields beyond are those of the
 * types the CLI names (the others show their message).
 */
export interface EstateTypedError {
  __typename: string;
  message: string;
  problems?: EstateProblem[];
  moved?: EstateMovedTarget[];
  requiredRole?: string;
  vendor?: string;
  vendorCode?: string;
  httpStatus?: number | null;
  retryAfterSeconds?: number;
  fieldErrors?: Array<{ path: string[]; message: string }>;
}
