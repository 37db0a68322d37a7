// Certificate notices (issue 17.4): `certificate.expiring` 90, 30, 7 and 1 days before a certificate's notAfter
// and `certificate.expired` at it, each told once per certificate (its SHA-256) across instances and restarts, as
// outbox rows unique by `certificate:<connection>:<provider>:<sha256>:<threshold>`. A run tells each certificate
// the smallest threshold it has reached, and only that one: a certificate first seen 5 days before its end gets
// the 7-day notice, not the 90- and 30-day ones too (nothing is recorded for those; the thresholds a certificate
// reaches only go down as time passes, so they could never be told later anyway). A renewed certificate is another
// certificate: its own notices. The candidates come from the scan's index (earliest notAfter within 90 days).
import type { ConnectionRegistry } from '../connections.js';
import { TrailingRun } from '../scheduling/trailing-run.js';
import { certificatesOf, type ProviderCertificate } from '../setup/certificates.js';
import type { Db } from '../../store/db.js';
import { type CertificateNoticeRow, insertCertificateNotices } from '../../store/certificate-notices.js';
import { listSnapshotsWithCertificatesEndingBy } from '../../store/certificate-scan.js';
import type { Snapshot } from '../../store/snapshots.js';
import type { CertificateScanner } from './scanner.js';

/** Days before notAfter at which a certificate is told of, largest first; 0 is the expiry itself. */
export const NOTICE_THRESHOLDS_DAYS = [90, 30, 7, 1] as const;
export type NoticeThreshold = (typeof NOTICE_THRESHOLDS_DAYS)[number] | 0;

const DAY_MS = 86_400_000;

/**
 * The smallest threshold `notAfter` has reached at `now`: 0 once it has passed, else the least of 90, 30, 7 and 1
 * days that it is within (at most that many days left); null when it is further away than 90 days.
 */
export function thresholdReached(notAfter: Date, now: Date): NoticeThreshold | null {
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return 0;
  let reached: NoticeThreshold | null = null;
  for (const days of NOTICE_THRESHOLDS_DAYS) if (left <= days * DAY_MS) reached = days;
  return reached;
}

/** The notice a certificate of `snapshot` owes at `now` (null: none), as its outbox row. */
export function noticeOf(snapshot: Snapshot, certificate: ProviderCertificate, now: Date): CertificateNoticeRow | null {
  if (!certificate.notAfter || !certificate.sha256Fingerprint) return null;
  const threshold = thresholdReached(certificate.notAfter, now);
  if (threshold === null) return null;
  const { connectionId, vendor } = snapshot;
  const providerKey = snapshot.provider.key;
  return {
    type: threshold === 0 ? 'certificate.expired' : 'certificate.expiring',
    connectionId,
    providerKey,
    data: {
      connectionId,
      vendor,
      providerKey,
      certificate: {
        role: certificate.role,
        subject: certificate.subject,
        issuer: certificate.issuer,
        notAfter: certificate.notAfter.toISOString(),
        daysLeft: certificate.daysLeft,
        sha256Fingerprint: certificate.sha256Fingerprint,
      },
      threshold,
    },
    dedupeKey: `certificate:${connectionId}:${providerKey}:${certificate.sha256Fingerprint}:${threshold}`,
  };
}

export interface CertificateNoticesDeps {
  db: Db;
  connections: ConnectionRegistry;
  /** The scan `run` brings up to date first (the shared one of the connections: certificateScannerOf). */
  scanner: CertificateScanner;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Told of the notices written by a send (the webhook worker looks at the outbox at once). */
  onWritten?: (dedupeKeys: string[]) => void;
}

export class CertificateNotices {
  private readonly sends: TrailingRun<string[]>;
  private readonly now: () => Date;

  constructor(private readonly deps: CertificateNoticesDeps) {
    this.now = deps.now ?? (() => new Date());
    this.sends = new TrailingRun(() => this.sendOnce());
  }

  /** Scans, then sends: what the schedule runs. The dedupe keys of the notices written now. */
  async run(): Promise<string[]> {
    await this.deps.scanner.scan();
    return this.send();
  }

  /** Writes the notices owed now by the scanned snapshots (one at a time; a caller meanwhile gets the next send). */
  send(): Promise<string[]> {
    return this.sends.run();
  }

  /** Settles when no send is going on or waiting. */
  idle(): Promise<void> {
    return this.sends.idle();
  }

  private async sendOnce(): Promise<string[]> {
    const { db, connections } = this.deps;
    const now = this.now();
    const furthest = new Date(now.getTime() + NOTICE_THRESHOLDS_DAYS[0] * DAY_MS);
    const candidates = await listSnapshotsWithCertificatesEndingBy(
      db,
      connections.all().map((connection) => connection.id),
      furthest,
    );
    const notices = new Map<string, CertificateNoticeRow>();
    for (const snapshot of candidates) {
      for (const certificate of certificatesOf(connections.find(snapshot.connectionId)?.setup, snapshot.provider, now)) {
        const notice = noticeOf(snapshot, certificate, now);
        // One per key: a certificate listed twice (as signing and in its own chain) is told once.
        if (notice) notices.set(notice.dedupeKey, notice);
      }
    }
    const written = await insertCertificateNotices(db, [...notices.values()]);
    if (written.length > 0) this.deps.onWritten?.(written);
    return written;
  }
}
