// GET /ready: may this instance take traffic? Three checks, each named in the answer:
//   store       the database answers a trivial query (within `timeoutMs`: a hung store is "timeout", not a hang);
//   migrations  every entry of drizzle/meta/_journal.json has its row in drizzle.__drizzle_migrations;
//   connections every configured connection has its vendor module, its secrets (non-empty) and passes the
//               module's own cross-key rule (config parsing refuses such a config at start-up already; the
//               check holds for configs built otherwise and reports the connections' state anyway).
// A vendor that is down (an open circuit) does not make the gateway unready: every instance would leave the
// load balancer together. It is reported (`openCircuits`) for information.
//
// The answer is unauthenticated, so it says which check failed and how in fixed words, never an error text
// or a connection id; the details go to the log (scrubbed of secrets like every line), once per change.
// Results are cached for `cacheMs` so that probes cost one query a second at most.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { bigint, pgSchema, serial, text } from 'drizzle-orm/pg-core';
import type { Connection, ConnectionRegistry } from '../core/connections.js';
import { describeError, type Logger } from '../core/log.js';
import type { VendorModule } from '../core/vendor-contract/vendor-module.js';
import type { Db } from '../store/open.js';
import { vendorModules } from '../vendors/index.js';
import { BoundedProbe } from './bounded-probe.js';
import { packageFile } from '../package-root.js';

const MIGRATIONS_FOLDER = packageFile('drizzle');

/** Drizzle's own record of applied migrations (its migrator's defaults: schema "drizzle"). */
const drizzleMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial('id').primaryKey(),
  hash: text('hash').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }),
});

export interface ReadinessReport {
  ready: boolean;
  /** The names of the checks that failed. */
  failed: string[];
  checks: {
    store: { ok: boolean; error?: 'timeout' | 'unreachable' };
    migrations: { ok: boolean; error?: 'store unavailable' | 'not migrated'; missing?: string[] };
    connections: { ok: boolean; configured: number; misconfigured: number; openCircuits: number };
  };
}

export interface ReadinessOptions {
  /** The longest a check waits for the store (default 2 s). */
  timeoutMs?: number;
  /** How long a result is reused (default 1 s). */
  cacheMs?: number;
  /** Where drizzle/ is (tests). */
  migrationsFolder?: string;
}

export interface ReadinessDeps {
  db: Db;
  connections: ConnectionRegistry;
  logger: Logger;
  modules?: readonly VendorModule<never>[];
}

interface JournalEntry {
  tag: string;
  when: number;
}

export class Readiness {
  private readonly probe: BoundedProbe<{ applied: number[] | null; error?: unknown }>;
  private readonly cacheMs: number;
  private readonly migrationsFolder: string;
  private journal: JournalEntry[] | null = null;
  private cached: { at: number; report: Promise<ReadinessReport> } | null = null;
  private lastLogged: string | null = null;

  constructor(
    private readonly deps: ReadinessDeps,
    options: ReadinessOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 1_000;
    this.migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
    this.probe = new BoundedProbe(async () => {
      await deps.db.execute(sql`select 1`);
      // The store answers; a missing migrations table is a store that was never migrated.
      try {
        const rows = await deps.db.select({ createdAt: drizzleMigrations.createdAt }).from(drizzleMigrations);
        return { applied: rows.map((row) => Number(row.createdAt)) };
      } catch (error) {
        return { applied: null, error };
      }
    }, options.timeoutMs ?? 2_000);
  }

  /** The current report (at most `cacheMs` old; concurrent callers share one check). */
  report(): Promise<ReadinessReport> {
    const now = performance.now();
    if (!this.cached || now - this.cached.at >= this.cacheMs) {
      const report = this.check();
      this.cached = { at: now, report };
      // The cache starts when the check ends: a slow check is not followed at once by another.
      void report.then(() => {
        if (this.cached?.report === report) this.cached.at = performance.now();
      });
    }
    return this.cached.report;
  }

  private async check(): Promise<ReadinessReport> {
    const outcome = await this.probe.run();
    const details: Record<string, unknown> = {};
    let store: ReadinessReport['checks']['store'];
    let migrations: ReadinessReport['checks']['migrations'];
    if (!outcome.ok) {
      store = { ok: false, error: outcome.reason === 'timeout' ? 'timeout' : 'unreachable' };
      migrations = { ok: false, error: 'store unavailable' };
      details.store = outcome.reason === 'timeout' ? `no answer within ${this.probe.timeoutMs} ms` : messageOf(outcome.error);
    } else if (outcome.value.applied === null) {
      store = { ok: true };
      migrations = { ok: false, error: 'not migrated' };
      details.migrations = messageOf(outcome.value.error);
    } else {
      store = { ok: true };
      const applied = new Set(outcome.value.applied);
      const missing = this.journalEntries()
        .filter((entry) => !applied.has(entry.when))
        .map((entry) => entry.tag);
      migrations = missing.length ? { ok: false, missing } : { ok: true };
    }
    const problems = this.deps.connections
      .all()
      .flatMap((connection) => connectionProblems(connection, this.deps.modules ?? vendorModules));
    if (problems.length) details.connections = problems;
    const all = this.deps.connections.all();
    const connections = {
      ok: problems.length === 0,
      configured: all.length,
      misconfigured: new Set(problems.map((problem) => problem.connectionId)).size,
      openCircuits: all.filter((connection) => connection.circuit.state !== 'CLOSED').length,
    };
    const checks = { store, migrations, connections };
    const failed = Object.entries(checks)
      .filter(([, check]) => !check.ok)
      .map(([name]) => name);
    const report: ReadinessReport = { ready: failed.length === 0, failed, checks };
    this.logChange(report, details);
    return report;
  }

  private journalEntries(): JournalEntry[] {
    this.journal ??= (
      JSON.parse(readFileSync(resolve(this.migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: JournalEntry[] }
    ).entries;
    return this.journal;
  }

  /** One log line when readiness changes (not per probe): the details an operator needs, secrets scrubbed by the logger. */
  private logChange(report: ReadinessReport, details: Record<string, unknown>): void {
    const key = JSON.stringify({ failed: report.failed, details });
    if (key === this.lastLogged) return;
    const first = this.lastLogged === null;
    this.lastLogged = key;
    if (report.ready) {
      if (!first) this.deps.logger.log('info', 'ready');
    } else {
      this.deps.logger.log('warn', 'not ready', { failed: report.failed, checks: report.checks, details });
    }
  }
}

interface ConnectionProblem {
  connectionId: string;
  problem: string;
}

/** What is wrong with a connection's configuration (empty: nothing); names keys, never values. */
export function connectionProblems(connection: Connection, modules: readonly VendorModule<never>[]): ConnectionProblem[] {
  const module = modules.find((candidate) => candidate.vendor === connection.vendor) as VendorModule | undefined;
  const problem = (text: string) => ({ connectionId: connection.id, problem: text });
  if (!module) return [problem(`no vendor module for "${connection.vendor}"`)];
  const problems: ConnectionProblem[] = [];
  if (!URL.canParse(connection.config.baseUrl)) problems.push(problem('baseUrl is not a URL'));
  for (const key of module.connectionSecrets) {
    if (!isSet(connection.config[key])) problems.push(problem(`secret ${key} is not set`));
  }
  for (const key of module.optionalConnectionSecrets ?? []) {
    const value = connection.config[key];
    if (value !== undefined && !isSet(value)) problems.push(problem(`secret ${key} is empty`));
  }
  const rule = module.checkConnection?.(connection.config);
  if (rule) problems.push(problem(rule));
  return problems;
}

function isSet(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** Never a statement's parameters (a store error's message may quote them). */
function messageOf(error: unknown): string {
  return describeError(error);
}
