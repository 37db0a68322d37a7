// GraphQL over HTTP compliance: graphql-http's server audit suite against a live gateway over real HTTP (a
// listening loopback server, the sandbox's five emulators, PGlite), one test per audit so a failure is named.
//
// Every request carries what the gateway's security policy requires of any client, and nothing more:
// - an API token (`Authorization: Bearer`): with tokens configured, a request without one is answered 401;
// - the CSRF header `x-graphql-csrf`: a GET must carry it (else 403), so that a cross-site <img>/<form>
//   cannot run a query with the victim's credentials. JSON POSTs do not need it. The last test below shows
//   that this is the only difference it makes: without the header exactly the GET audits (all MAY) fail, 403.
// Batching and multipart stay off; graphql-http audits neither.
import { type Audit, type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../src/http/query-limits.js';
import { apiToken } from '../support/harness.js';
import { type LiveGateway, startLiveGateway } from '../support/live-gateway.js';

const auditor = apiToken('http-auditor', 'viewer');
let live: LiveGateway;

/** graphql-http's fetch with the token, and the CSRF header unless told not to, on every request. */
function auditFetch(options: { csrfHeader: boolean }): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${auditor.token}`);
    if (options.csrfHeader) headers.set(CSRF_HEADER, '1');
    return fetch(input, { ...init, headers });
  };
}

const audits = (csrfHeader: boolean): Audit[] => serverAudits({ url: () => live.url, fetchFn: auditFetch({ csrfHeader }) });

const byLevel = (level: 'MUST' | 'SHOULD' | 'MAY') => audits(true).filter((audit) => audit.name.startsWith(`${level} `));

async function explain(result: AuditResult): Promise<string> {
  if (result.status === 'ok') return 'ok';
  const body = await result.response.text().catch(() => '(unreadable body)');
  return `${result.status}: ${result.reason} (HTTP ${result.response.status}: ${body.slice(0, 300)})`;
}

beforeAll(async () => {
  live = await startLiveGateway({ tokens: [auditor.config] });
});
afterAll(async () => {
  await live?.close();
});

describe('GraphQL over HTTP (graphql-http server audits, with an API token and the CSRF header)', () => {
  it('has MUST, SHOULD and MAY audits to run', () => {
    expect(byLevel('MUST').length).toBeGreaterThan(0);
    expect(byLevel('SHOULD').length).toBeGreaterThan(0);
    expect(byLevel('MAY').length).toBeGreaterThan(0);
  });

  // MAY audits are optional in the spec; they all pass today and are pinned so that a change is noticed.
  describe.each(['MUST', 'SHOULD', 'MAY'] as const)('%s', (level) => {
    it.each(byLevel(level).map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
      const result = await audit.fn();
      expect(await explain(result)).toBe('ok');
    });
  });
});

describe('the CSRF policy, the one deliberate difference a plain client sees', () => {
  it('without the CSRF header, only the GET audits fail (403, all MAY); every MUST and SHOULD still passes', async () => {
    const failed: Array<{ name: string; status: number }> = [];
    for (const audit of audits(false)) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push({ name: audit.name, status: result.response.status });
    }
    expect(failed.length).toBeGreaterThan(0);
    for (const { name, status } of failed) {
      expect(name).toMatch(/^MAY .*GET/);
      expect(status, name).toBe(403);
    }
  });
});
