// The sandbox (`npm start` without a config file) makes its sample certificates when it starts (issue 17.4):
// through the gateway, its 2sms and Akamai providers hold certificates that expire in 5, 25 and 400 days from
// then, each subject saying so, the Akamai signing certificate issued by the CA of its chain.
import { describe, expect, it } from 'vitest';
import { sandboxGateway } from '../support/sandbox-gateway.js';

const LIST = `{ identityProviders(first: 200) {
  edges { node { ... on ManagedIdentityProvider { vendor displayName certificates { role subject issuer daysLeft problem } } } }
  connectionErrors { connectionId } } }`;

interface Shown {
  vendor: string;
  displayName: string;
  certificates: Array<{ role: string; subject: string; issuer: string; daysLeft: number; problem: string | null }>;
}

describe('the sandbox certificates', () => {
  const h = sandboxGateway();

  it('expire in 5, 25 and 400 days from the start, as their subjects say', async () => {
    const res = await h.gql(LIST);
    expect(res.data.identityProviders.connectionErrors).toEqual([]);
    const providers: Shown[] = res.data.identityProviders.edges.map((edge: { node: Shown }) => edge.node);
    const held = providers.flatMap((p) => p.certificates.map((c) => ({ vendor: p.vendor, provider: p.displayName, ...c })));
    expect(held.map((c) => c.problem)).toEqual(held.map(() => null));
    expect(held.map((c) => `${c.vendor} ${c.provider} ${c.role} ${c.daysLeft}`).sort()).toEqual([
      'AKAMAI Northwind SAML CHAIN 400',
      'AKAMAI Northwind SAML SIGNING 5',
      'TWOSMS Contoso Research ADFS SIGNING 400',
      'TWOSMS Northwind Traders SSO SIGNING 25',
    ]);
    for (const certificate of held)
      expect(certificate.subject).toContain(`Sandbox certificate expiring ${certificate.daysLeft} days after start`);
    const akamai = held.filter((c) => c.vendor === 'AKAMAI');
    expect(akamai.find((c) => c.role === 'SIGNING')!.issuer).toBe(akamai.find((c) => c.role === 'CHAIN')!.subject);
  });
});
