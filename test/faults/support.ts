// The fault-injection suite every vendor's emulator goes through (test/faults/emulator-<vendor>.test.ts), over
// real HTTP (undici). A vendor file describes its emulator as a VendorCase: how to start it, one authorized list call, how to get a fresh token
// (bearer vendors), and what its own error bodies and expired-credential answer look like. The suite checks
// each fault kind on the wire, count and share, request matching and the admin endpoint.
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_FAULTS_PATH, type RunningEmulator } from '../../src/emulation/http.js';
import { type FaultSpec, type FaultState, seededRandom } from '../../src/emulation/faults.js';

export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface VendorCase {
  vendor: string;
  start(faults?: FaultSpec[]): Promise<RunningEmulator>;
  /** A fresh credential: a new token from the token endpoint, or the static one. */
  credential(emulator: RunningEmulator): Promise<string>;
  /** The vendor's provider list, authorized with `credential`. */
  list(emulator: RunningEmulator, credential: string, options?: { headersTimeout?: number }): Promise<WireAnswer>;
  /** A substring of the list call's path (for `path` matching). */
  listPath: string;
  /** True when the text is the vendor's list answer (its zod wire schema). */
  isListBody(text: string): boolean;
  /** Statuses whose vendor error body `expectError` knows. */
  errorStatuses: number[];
  /** Asserts the answer is the vendor's own error for `status` (envelope, content type). */
  expectError(status: number, answer: WireAnswer): void;
  /** Asserts the answer is the vendor's expired (or refused) credential answer. */
  expectExpired(answer: WireAnswer): void;
  /** Bearer vendors: tokens are issued (and expire); static ones: the credential is refused instead. */
  issuesTokens: boolean;
  /** Bearer vendors: asks the token endpoint for a token and returns the raw answer. */
  tokenRequest?(emulator: RunningEmulator): Promise<WireAnswer>;
}

export async function http(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; headersTimeout?: number } = {},
): Promise<WireAnswer> {
  const res = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: init.body,
    headersTimeout: init.headersTimeout,
  });
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(res.headers))
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  return { status: res.statusCode, headers, text: await res.body.text() };
}

export const json = (answer: WireAnswer): unknown => JSON.parse(answer.text);

/** The admin endpoint, over HTTP and without any vendor credential. */
export const admin = {
  add: (emulator: RunningEmulator, body: unknown) =>
    http(`${emulator.url}${EMULATOR_FAULTS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  list: async (emulator: RunningEmulator) =>
    (json(await http(`${emulator.url}${EMULATOR_FAULTS_PATH}`)) as { faults: FaultState[] }).faults,
  clear: (emulator: RunningEmulator, id?: string) =>
    http(`${emulator.url}${EMULATOR_FAULTS_PATH}${id ? `/${encodeURIComponent(id)}` : ''}`, { method: 'DELETE' }),
};

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

export function faultSuite(vendor: VendorCase): void {
  describe(`${vendor.vendor} emulator faults`, () => {
    let emulator: RunningEmulator;
    let credential: string;
    beforeEach(async () => {
      emulator = await vendor.start();
      credential = await vendor.credential(emulator);
    });
    afterEach(async () => {
      await emulator.close();
    });
    const list = (options?: { headersTimeout?: number }) => vendor.list(emulator, credential, options);

    it('answers normally without faults', async () => {
      const answer = await list();
      expect(answer.status).toBe(200);
      expect(vendor.isListBody(answer.text)).toBe(true);
    });

    it('takes faults through its constructor', async () => {
      const faulty = await vendor.start([{ kind: 'status', status: 503, count: 1 }]);
      try {
        const token = await vendor.credential(faulty);
        const first = await vendor.list(faulty, token);
        vendor.expectError(503, first);
        expect((await vendor.list(faulty, token)).status).toBe(200);
      } finally {
        await faulty.close();
      }
    });

    it('latency: the answer comes late but whole', async () => {
      emulator.faults.add({ kind: 'latency', ms: 300 });
      const started = performance.now();
      const answer = await list();
      expect(performance.now() - started).toBeGreaterThanOrEqual(280);
      expect(answer.status).toBe(200);
      expect(vendor.isListBody(answer.text)).toBe(true);
    });

    it('status: the vendor error body for each status', async () => {
      for (const status of vendor.errorStatuses) {
        emulator.faults.add({ kind: 'status', status, count: 1 });
        vendor.expectError(status, await list());
      }
      expect((await list()).status).toBe(200);
    });

    it('rate-limit: 429 with Retry-After in the vendor error body', async () => {
      emulator.faults.add({ kind: 'rate-limit', retryAfterSeconds: 7, count: 1 });
      const answer = await list();
      expect(answer.headers['retry-after']).toBe('7');
      vendor.expectError(429, answer);
      emulator.faults.add({ kind: 'rate-limit', count: 1 });
      expect((await list()).headers['retry-after']).toBe('1');
    });

    it('malformed: 200 with a truncated body, garbage, or JSON of the wrong shape', async () => {
      emulator.faults.add([
        { kind: 'malformed', count: 1 },
        { kind: 'malformed', body: 'garbage', count: 1 },
        { kind: 'malformed', body: 'wrong-shape', count: 1 },
      ]);
      const truncated = await list();
      expect(truncated.status).toBe(200);
      expect(truncated.headers['content-type']).toMatch(/^application\/json/);
      expect(parses(truncated.text)).toBe(false);
      const garbage = await list();
      expect(garbage.status).toBe(200);
      expect(parses(garbage.text)).toBe(false);
      const wrong = await list();
      expect(wrong.status).toBe(200);
      expect(parses(wrong.text)).toBe(true);
      expect(vendor.isListBody(wrong.text)).toBe(false);
    });

    it('malformed "after": the vendor answer cut in half', async () => {
      const whole = await list();
      emulator.faults.add({ kind: 'malformed', when: 'after', count: 1 });
      const cut = await list();
      expect(cut.status).toBe(200);
      expect(parses(cut.text)).toBe(false);
      expect(whole.text.startsWith(cut.text.slice(0, 10))).toBe(true);
    });

    it('reset: the socket is destroyed without an answer', async () => {
      emulator.faults.add({ kind: 'reset', count: 1 });
      const error = await list().then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
      expect(error?.code).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
      expect((await list()).status).toBe(200);
    });

    it('hang: no answer until the fault is cleared, then the request goes on', async () => {
      emulator.faults.add({ kind: 'hang', id: 'stuck' });
      const timedOut = await list({ headersTimeout: 250 }).then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
      expect(timedOut?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
      let settled = false;
      const pending = list().finally(() => (settled = true));
      await sleep(300);
      expect(settled).toBe(false);
      expect((await admin.clear(emulator, 'stuck')).status).toBe(200);
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(vendor.isListBody(answer.text)).toBe(true);
    });

    it('hang: closing the emulator lets go of hung requests', async () => {
      const other = await vendor.start([{ kind: 'hang' }]);
      const token = await vendor.credential(other);
      const pending = vendor.list(other, token).then(
        () => 'answered',
        () => 'failed',
      );
      await sleep(100);
      await other.close();
      expect(await pending).toBe('failed');
    });

    if (vendor.issuesTokens) {
      it('token-expiry: the next call gets the expired-token answer, a fresh token works', async () => {
        expect((await list()).status).toBe(200);
        emulator.faults.add({ kind: 'token-expiry', count: 1 });
        vendor.expectExpired(await list());
        const fresh = await vendor.credential(emulator);
        const answer = await vendor.list(emulator, fresh);
        expect(answer.status).toBe(200);
        expect(vendor.isListBody(answer.text)).toBe(true);
        // The old token stays expired; the fault itself is spent.
        vendor.expectExpired(await list());
        expect(emulator.faults.list()[0]).toMatchObject({ kind: 'token-expiry', hits: 1, active: false });
      });

      it('leaves the token endpoint alone by default, and faults only it when asked', async () => {
        emulator.faults.add({ kind: 'status', status: 503, id: 'all' });
        expect((await vendor.tokenRequest!(emulator)).status).toBeLessThan(300);
        vendor.expectError(503, await list());
        emulator.faults.clear();
        emulator.faults.add({ kind: 'status', status: 503, tokenEndpoint: 'only' });
        const token = await vendor.tokenRequest!(emulator);
        expect(token.status).toBe(503);
        expect(json(token)).toBeTypeOf('object');
        expect((await list()).status).toBe(200);
        emulator.faults.clear();
        emulator.faults.add({ kind: 'reset', tokenEndpoint: 'include', count: 1 });
        await expect(vendor.tokenRequest!(emulator)).rejects.toMatchObject({
          code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/),
        });
      });
    } else {
      it('token-expiry: static credentials get the vendor refusal while the fault lasts', async () => {
        emulator.faults.add({ kind: 'token-expiry', count: 2 });
        vendor.expectExpired(await list());
        vendor.expectExpired(await list());
        const answer = await list();
        expect(answer.status).toBe(200);
        expect(emulator.faults.list()[0]).toMatchObject({ hits: 2, active: false });
      });
    }

    it('count: the fault fires on that many matching requests, then is spent', async () => {
      emulator.faults.add({ kind: 'status', status: 500, count: 2, id: 'twice' });
      vendor.expectError(500, await list());
      vendor.expectError(500, await list());
      expect((await list()).status).toBe(200);
      expect(await admin.list(emulator)).toEqual([expect.objectContaining({ id: 'twice', hits: 2, matched: 2, active: false })]);
    });

    it('share: a seeded share of the matching requests, the same every run', async () => {
      const calls = 16;
      const draw = seededRandom(42);
      const expected = Array.from({ length: calls }, () => (draw() < 0.5 ? 503 : 200));
      expect(new Set(expected).size).toBe(2);
      emulator.faults.add({ kind: 'status', status: 503, share: 0.5, seed: 42 });
      const seen: number[] = [];
      for (let i = 0; i < calls; i++) seen.push((await list()).status);
      expect(seen).toEqual(expected);
      const [state] = emulator.faults.list();
      expect(state).toMatchObject({ matched: calls, hits: expected.filter((s) => s === 503).length, active: true });
      // share with count: a share of the requests, up to count hits.
      emulator.faults.clear();
      emulator.faults.add({ kind: 'status', status: 503, share: 0.5, seed: 42, count: 2 });
      const capped: number[] = [];
      for (let i = 0; i < calls; i++) capped.push((await list()).status);
      let hits = 0;
      expect(capped).toEqual(expected.map((s) => (s === 503 && hits++ < 2 ? 503 : 200)));
    });

    it('matching: by method and path substring (any case)', async () => {
      emulator.faults.add([
        { kind: 'status', status: 500, method: 'post' },
        { kind: 'status', status: 500, path: '/no/such/path' },
      ]);
      expect((await list()).status).toBe(200);
      emulator.faults.add({ kind: 'status', status: 502, method: 'get', path: vendor.listPath.toUpperCase() });
      vendor.expectError(502, await list());
    });

    it('admin endpoint: add, list, clear, outside the vendor auth and the request log', async () => {
      emulator.clearRequests();
      const one = await admin.add(emulator, { kind: 'status', status: 503 });
      expect(one.status).toBe(201);
      const [added] = (json(one) as { faults: FaultState[] }).faults;
      expect(added).toMatchObject({ id: expect.any(String), kind: 'status', status: 503, hits: 0, active: true });
      const many = await admin.add(emulator, [
        { kind: 'latency', ms: 5, id: 'slow' },
        { kind: 'reset', method: 'DELETE', count: 1 },
      ]);
      expect(many.status).toBe(201);
      expect((json(many) as { faults: FaultState[] }).faults.map((f) => f.id)).toEqual(['slow', expect.any(String)]);
      expect((await admin.list(emulator)).map((f) => f.kind)).toEqual(['status', 'latency', 'reset']);

      const bad = await admin.add(emulator, [
        { kind: 'status', status: 503 },
        { kind: 'status', status: 503, share: 2 },
      ]);
      expect(bad.status).toBe(400);
      expect((json(bad) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^\[1\] share: /)]);
      const unknown = await admin.add(emulator, { kind: 'explode' });
      expect(unknown.status).toBe(400);
      expect((json(unknown) as { problems: string[] }).problems.join()).toMatch(/kind must be one of latency, status/);
      const duplicate = await admin.add(emulator, { kind: 'reset', id: 'slow' });
      expect(duplicate.status).toBe(400);
      expect((await admin.add(emulator, 'not json' as unknown)).status).toBe(400);
      expect((await admin.list(emulator)).length).toBe(3);

      vendor.expectError(503, await list());
      expect((await admin.clear(emulator, 'slow')).text).toBe('{"cleared":1}');
      expect((await admin.clear(emulator, 'slow')).status).toBe(404);
      expect((await admin.clear(emulator)).text).toBe('{"cleared":2}');
      expect(await admin.list(emulator)).toEqual([]);
      expect((await list()).status).toBe(200);
      expect((await http(`${emulator.url}${EMULATOR_FAULTS_PATH}`, { method: 'PUT' })).status).toBe(405);
      // Only the two vendor calls were logged.
      expect(emulator.requests.map((r) => r.path).every((p) => !p.startsWith(EMULATOR_FAULTS_PATH))).toBe(true);
      expect(emulator.requests).toHaveLength(2);
    });
  });
}
