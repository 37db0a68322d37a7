// The certificate scan (issue 17.4): each snapshot's certificates read once per version, its earliest readable
// notAfter kept beside it (provider_snapshots.certificate_not_after) so that the `certificateExpiresWithinDays`
// filter and the notices' candidates are indexed SQL instead of parsing every certificate of the estate. Rows are
// found by `certificates_version IS DISTINCT FROM version` (a write that changes a state leaves its row behind) and
// written back per batch only where the version is still the one read (store/certificate-scan.ts). A certificate
// that cannot be read counts as none (null); its problem stays on the provider's `certificates` field.
import type { ConnectionRegistry } from '../connections.js';
import { TrailingRun } from '../scheduling/trailing-run.js';
import { certificatesOf } from '../setup/certificates.js';
import type { Db } from '../../store/db.js';
import { type CertificateScanResult, listUnscannedSnapshots, recordCertificateScan } from '../../store/certificate-scan.js';
import type { Snapshot } from '../../store/snapshots.js';

/** Rows read and written per statement: ~0.3 ms of parsing each, so a batch holds the event loop ~60 ms at most. */
const BATCH_SIZE = 200;
/** A bound on one scan (200 000 rows): rows that keep moving on cannot keep it going forever. */
const MAX_BATCHES = 1_000;

export interface CertificateScannerDeps {
  db: Db;
  connections: ConnectionRegistry;
}

/** The earliest notAfter among a snapshot's readable certificates; null when it holds none that can be read. */
export function earliestNotAfter(connections: ConnectionRegistry, snapshot: Snapshot): Date | null {
  let earliest: Date | null = null;
  for (const certificate of certificatesOf(connections.find(snapshot.connectionId)?.setup, snapshot.provider)) {
    if (certificate.notAfter && (!earliest || certificate.notAfter < earliest)) earliest = certificate.notAfter;
  }
  return earliest;
}

export class CertificateScanner {
  private readonly scans: TrailingRun<number>;
  private readonly listeners = new Set<(written: number) => void>();

  constructor(private readonly deps: CertificateScannerDeps) {
    this.scans = new TrailingRun(() => this.pass());
  }

  /**
   * Brings the scan of every configured connection up to its snapshots as they are at the call (a caller while a
   * scan runs gets the next one). Resolves to the number of rows written; costs one query when none is behind.
   */
  scan(): Promise<number> {
    return this.scans.run();
  }

  /** Told after each scan that wrote rows (the notices run then). */
  onScanned(listener: (written: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async pass(): Promise<number> {
    const { db, connections } = this.deps;
    const connectionIds = connections.all().map((connection) => connection.id);
    let written = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const rows = await listUnscannedSnapshots(db, connectionIds, BATCH_SIZE);
      const results: CertificateScanResult[] = rows.map((snapshot) => ({
        connectionId: snapshot.connectionId,
        providerKey: snapshot.provider.key,
        version: snapshot.version,
        earliestNotAfter: earliestNotAfter(connections, snapshot),
      }));
      written += await recordCertificateScan(db, results);
      if (rows.length < BATCH_SIZE) break;
    }
    // A listener's failure is its own (it logs): the scan's answer stands.
    if (written > 0)
      for (const listener of this.listeners)
        try {
          listener(written);
        } catch {}
    return written;
  }
}

/**
 * The scanner of a gateway's connections: one per ConnectionRegistry (one per gateway instance), so that the
 * filter and the scheduled notices share its runs.
 */
const scanners = new WeakMap<ConnectionRegistry, CertificateScanner>();

export function certificateScannerOf(deps: CertificateScannerDeps): CertificateScanner {
  let scanner = scanners.get(deps.connections);
  if (!scanner) {
    scanner = new CertificateScanner(deps);
    scanners.set(deps.connections, scanner);
  }
  return scanner;
}
