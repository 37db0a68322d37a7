// Certificate notices (issue 17.4) on the sandbox's certificates (Akamai SAML: signing 5 days under a 400-day CA;
// 2sms: 25 and 400 days), on a clock the test moves: each certificate is told the smallest threshold it has
// reached (90, 30, 7, 1 days, 0 = expired), each once, however often the notices run and after a restart (new
// services on the same store); a scan that wrote rows (a filter after a change) sends the notices it owes at once.
import { describe, expect, it } from 'vitest';
import { gatewayJobs } from '../../src/core/scheduling/gateway-jobs.js';
import { startHarness } from '../support/harness.js';
import { makeCertificate } from '../support/certificates.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { describeNotice, noticesOf, testClock, toldNotices } from './support.js';

describe('certificate notices on the sandbox', () => {
  const h = sandboxGateway();
  const clock = testClock();
  const told = async () => (await toldNotices(h.store.db)).map(describeNotice);

  it('tell each certificate the smallest threshold reached, once, as time passes', async () => {
    clock.set(Date.now());
    // The providers as read (their snapshots are what the scan and the notices look at).
    expect((await h.gql('{ identityProviders { totalCount } }')).errors).toBeUndefined();
    const notices = noticesOf(h.services, clock.now);
    expect((await notices.run()).length).toBe(2);
    // The 5-day certificate gets the 7-day notice only (not 90 and 30 too); the 25-day one the 30-day notice.
    expect(await told()).toEqual(
      expect.arrayContaining([
        'certificate.expiring akamai signing 5d threshold 7',
        'certificate.expiring twosms signing 25d threshold 30',
      ]),
    );
    expect(await told()).toHaveLength(2);
    // Again: nothing new.
    expect(await notices.run()).toEqual([]);
    expect(await notices.run()).toEqual([]);
    expect(await told()).toHaveLength(2);

    clock.advanceDays(4.5);
    expect((await notices.run()).length).toBe(1);
    expect((await told()).at(-1)).toBe('certificate.expiring akamai signing 5d threshold 1');

    clock.advanceDays(1);
    expect((await notices.run()).length).toBe(1);
    expect((await told()).at(-1)).toBe('certificate.expired akamai signing 5d threshold 0');
    expect(await notices.run()).toEqual([]);

    // 320.5 days from the start: the 400-day certificates are 79.5 days from their end, the 25-day one expired.
    clock.advanceDays(315);
    expect((await notices.run()).length).toBe(3);
    expect((await told()).slice(4).sort()).toEqual([
      'certificate.expired twosms signing 25d threshold 0',
      'certificate.expiring akamai chain 400d threshold 90',
      'certificate.expiring twosms signing 400d threshold 90',
    ]);
    expect(await notices.run()).toEqual([]);
  });

  it('write the documented body and dedupe key', async () => {
    const [first] = (await toldNotices(h.store.db)).filter((notice) => notice.data.threshold === 7);
    const akamai = h.services.connections.all().find((connection) => connection.vendor === 'akamai')!;
    expect(first).toEqual({
      type: 'certificate.expiring',
      connectionId: akamai.id,
      providerKey: expect.any(String),
      dedupeKey: `certificate:${akamai.id}:${first!.providerKey}:${first!.data.certificate.sha256Fingerprint}:7`,
      data: {
        connectionId: akamai.id,
        vendor: 'akamai',
        providerKey: first!.providerKey,
        certificate: {
          role: 'signing',
          subject: expect.stringContaining('Sandbox certificate expiring 5 days after start'),
          issuer: expect.stringContaining('Sandbox certificate expiring 400 days after start'),
          notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          daysLeft: 5,
          sha256Fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
        },
        threshold: 7,
      },
    });
  });

  it('tell nothing again after a restart (new services on the same store)', async () => {
    const before = await told();
    const restarted = await startHarness({ store: h.store, config: h.sandbox.config });
    try {
      expect(await noticesOf(restarted.services, clock.now).run()).toEqual([]);
      clock.set(Date.now());
      expect(await noticesOf(restarted.services, clock.now).run()).toEqual([]);
    } finally {
      await restarted.close();
    }
    expect(await told()).toEqual(before);
  });

  it('are sent after a scan that wrote rows: a renewed certificate gets its own notice', async () => {
    clock.set(Date.now());
    const jobs = gatewayJobs({ services: h.services, now: clock.now });
    try {
      const list = await h.gql(`{ identityProviders(vendor: TWOSMS, certificateExpiresWithinDays: 30) {
        edges { node { ... on ManagedIdentityProvider { id displayName } } } } }`);
      const northwind = list.data.identityProviders.edges[0].node;
      expect(northwind.displayName).toBe('Northwind Traders SSO');
      const soon = await makeCertificate({ commonName: 'Sandbox renewal expiring 3 days after start', notAfterDays: 3 });
      const update = await h.gql(
        `mutation($id: ID!, $cert: String!) { updateTwoSmsIdentityProvider(input: { id: $id, certificate: $cert }) { __typename } }`,
        { id: northwind.id, cert: soon.certPem },
      );
      expect(update.data.updateTwoSmsIdentityProvider.__typename).toBe('UpdateTwoSmsIdentityProviderPayload');
      const before = (await toldNotices(h.store.db)).length;
      // The filter scans the changed snapshot; the scan having written a row, the notices go out without the schedule.
      await h.gql('{ identityProviders(certificateExpiresWithinDays: 7) { totalCount } }');
      await jobs.notices.idle();
      const now = await toldNotices(h.store.db);
      expect(now.slice(before).map(describeNotice)).toEqual(['certificate.expiring twosms signing 3d threshold 7']);
      expect(now.at(-1)!.providerKey).toBe(now.find((n) => n.data.certificate.subject.includes('25 days'))!.providerKey);
    } finally {
      await jobs.stop();
    }
  });
});
