// The gateway's scheduled work (issue 17.4 and 17.5), each run by one instance per period (scheduler.ts):
// - `drift-check:<connection>` every `driftCheckIntervalSeconds` of a connection that sets it: a refresh of the
//   connection from its vendor, as `identityProviders(refresh: true)` does, which records each drifted provider
//   as a DRIFT_DETECTED audit row (core/reads/provider-reader.ts; the database adds its drift.detected event);
// - `certificate-notices` every `certificateNoticeIntervalSeconds` (default an hour): the certificate scan, then
//   the notices owed (core/certificates/notices.ts). Notices are also sent after any scan that wrote rows (a
//   `certificateExpiresWithinDays` filter scans first).
import { CertificateNotices } from '../certificates/notices.js';
import { certificateScannerOf } from '../certificates/scanner.js';
import type { Connection } from '../connections.js';
import { describeError, type Logger } from '../log.js';
import type { GatewayServices } from '../services.js';
import { type ScheduledJob, Scheduler } from './scheduler.js';

export const DEFAULT_CERTIFICATE_NOTICE_INTERVAL_SECONDS = 3_600;

export interface GatewayJobsOptions {
  services: Pick<GatewayServices, 'db' | 'connections' | 'reader' | 'lease'>;
  /** How often the certificate notices run (default an hour). */
  certificateNoticeIntervalSeconds?: number;
  logger?: Logger;
  /** The clock of the schedule and of the notices' thresholds (tests move it). */
  now?: () => Date;
  /** Told when notices were written (the webhook worker looks at the outbox at once). */
  onNotices?: () => void;
  tickMs?: number;
}

export interface GatewayJobs {
  scheduler: Scheduler;
  notices: CertificateNotices;
  /** Stops the schedule and the notices after scans; waits for the jobs running. */
  stop(): Promise<void>;
}

/** The connection's scheduled drift check: its vendor read now, the drift recorded by the reader. */
function driftCheck(services: GatewayJobsOptions['services'], connection: Connection, seconds: number, logger?: Logger): ScheduledJob {
  return {
    name: `drift-check:${connection.id}`,
    intervalMs: seconds * 1000,
    async run() {
      const [read] = await services.reader.read([connection], { refresh: true, waitForVendor: true });
      if (read?.error)
        logger?.log('warn', 'scheduled drift check: the vendor could not be read', {
          connectionId: connection.id,
          code: read.error.code,
          error: read.error.message,
        });
    },
  };
}

/** The scheduler with the gateway's jobs, not started (`scheduler.start()` starts its timer). */
export function gatewayJobs(options: GatewayJobsOptions): GatewayJobs {
  const { services, logger } = options;
  const scanner = certificateScannerOf(services);
  const notices = new CertificateNotices({ ...services, scanner, now: options.now, onWritten: () => options.onNotices?.() });
  const noticeSeconds = options.certificateNoticeIntervalSeconds ?? DEFAULT_CERTIFICATE_NOTICE_INTERVAL_SECONDS;
  const jobs: ScheduledJob[] = [
    {
      name: 'certificate-notices',
      intervalMs: noticeSeconds * 1000,
      async run() {
        await notices.run();
      },
    },
  ];
  for (const connection of services.connections.all()) {
    const seconds = connection.config.driftCheckIntervalSeconds;
    if (seconds) jobs.push(driftCheck(services, connection, seconds, logger));
  }
  const stopListening = scanner.onScanned(() => {
    notices.send().catch((error: unknown) => logger?.log('warn', 'certificate notices failed', { error: describeError(error) }));
  });
  const scheduler = new Scheduler(jobs, {
    db: services.db,
    instanceId: () => services.lease.id,
    now: options.now,
    logger,
    tickMs: options.tickMs,
  });
  return {
    scheduler,
    notices,
    async stop() {
      stopListening();
      await scheduler.stop();
      await notices.idle();
    },
  };
}

/** Starts the gateway's scheduled work (gateway.ts); the returned function stops it. */
export function startGatewayJobs(options: GatewayJobsOptions): () => Promise<void> {
  const jobs = gatewayJobs(options);
  jobs.scheduler.start();
  return () => jobs.stop();
}
