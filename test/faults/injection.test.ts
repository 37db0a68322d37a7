// The generic mechanics on a vendor-less emulator server: "before" vs "after" (does the vendor handle the
// request?), how several faults combine, the spec's validation, and the seeded generator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultSpecError, parseFaultSpec, parseFaultSpecs, seededRandom } from '../../src/emulation/faults.js';
import { emulatorsInFlight, type RunningEmulator, startEmulatorServer } from '../../src/emulation/http.js';
import { http, json } from './support.js';

let handled: string[];
let server: RunningEmulator;
beforeEach(async () => {
  handled = [];
  server = await startEmulatorServer((req) => {
    handled.push(`${req.method} ${req.path}`);
    return { status: 200, body: { ok: true, items: [1, 2, 3] } };
  });
});
afterEach(async () => {
  await server.close();
});

const call = (path = '/things', method = 'GET') => http(`${server.url}${path}`, { method });

describe('before and after', () => {
  it('"before" answers instead of the handler; "after" lets the handler run, then spoils the answer', async () => {
    server.faults.add({ kind: 'status', status: 503, count: 1 });
    expect((await call('/a', 'POST')).status).toBe(503);
    expect(handled).toEqual([]);
    server.faults.add({ kind: 'status', status: 503, count: 1, when: 'after' });
    expect((await call('/b', 'POST')).status).toBe(503);
    expect(handled).toEqual(['POST /b']);
  });

  it('"after" reset: the change lands, the socket dies', async () => {
    server.faults.add({ kind: 'reset', count: 1, when: 'after' });
    await expect(call('/c', 'PUT')).rejects.toMatchObject({ code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/) });
    expect(handled).toEqual(['PUT /c']);
  });

  it('"after" hang: handled, the answer held until cleared', async () => {
    server.faults.add({ kind: 'hang', when: 'after', id: 'h' });
    const pending = call('/d', 'DELETE');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(handled).toEqual(['DELETE /d']);
    server.faults.clear('h');
    expect(json(await pending)).toEqual({ ok: true, items: [1, 2, 3] });
  });

  it('"after" latency: handled at once, answered late', async () => {
    server.faults.add({ kind: 'latency', ms: 200, when: 'after' });
    const started = performance.now();
    const pending = call('/e');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(handled).toEqual(['GET /e']);
    expect((await pending).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
  });
});

describe('combining faults', () => {
  it('latencies add up; the first answering fault that fires decides, later ones are not spent', async () => {
    server.faults.add([
      { kind: 'latency', ms: 100, count: 1 },
      { kind: 'latency', ms: 100, count: 1 },
      { kind: 'status', status: 502, count: 1, id: 'first' },
      { kind: 'status', status: 504, count: 1, id: 'second' },
    ]);
    const started = performance.now();
    expect((await call()).status).toBe(502);
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    expect((await call()).status).toBe(504);
    expect((await call()).status).toBe(200);
    expect(server.faults.list().map((f) => [f.id, f.hits, f.active])).toEqual([
      ['f1', 1, false],
      ['f2', 1, false],
      ['first', 1, false],
      ['second', 1, false],
    ]);
  });

  it('a share of 0 never fires and a share of 1 always does', async () => {
    server.faults.add({ kind: 'status', status: 500, share: 0 });
    for (let i = 0; i < 5; i++) expect((await call()).status).toBe(200);
    server.faults.add({ kind: 'status', status: 501, share: 1 });
    for (let i = 0; i < 5; i++) expect((await call()).status).toBe(501);
    expect(server.faults.list().map((f) => [f.matched, f.hits])).toEqual([
      [10, 0],
      [5, 5],
    ]);
  });

  it('without a vendor profile a status is a plain JSON error and token expiry a 401', async () => {
    server.faults.add([
      { kind: 'rate-limit', retryAfterSeconds: 3, count: 1 },
      { kind: 'token-expiry', count: 1 },
    ]);
    const limited = await call();
    expect([limited.status, limited.headers['retry-after'], json(limited)]).toEqual([429, '3', { error: 'Too Many Requests' }]);
    expect((await call()).status).toBe(401);
  });

  it('closing the emulator cuts a long latency short', async () => {
    server.faults.add({ kind: 'latency', ms: 60_000 });
    const pending = call().then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await server.close();
    expect(await pending).toBe('failed');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('the spec', () => {
  const problems = (raw: unknown) => {
    try {
      parseFaultSpecs(raw);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(FaultSpecError);
      return (error as FaultSpecError).problems;
    }
  };

  it('accepts every kind with its own field and the common selection', () => {
    expect(
      parseFaultSpecs([
        { kind: 'latency', ms: 10 },
        { kind: 'status', status: 418, method: 'patch', path: '/x' },
        { kind: 'rate-limit', retryAfterSeconds: 0, share: 0.25, seed: 9 },
        { kind: 'malformed', body: 'wrong-shape', when: 'after' },
        { kind: 'reset', tokenEndpoint: 'only' },
        { kind: 'hang', count: 3 },
        { kind: 'token-expiry', tokenEndpoint: 'include', id: 'exp' },
      ]).map((s) => s.kind),
    ).toEqual(['latency', 'status', 'rate-limit', 'malformed', 'reset', 'hang', 'token-expiry']);
    expect(parseFaultSpec({ kind: 'status', status: 500, method: 'patch' }).method).toBe('PATCH');
  });

  it('names the bad field, and the entry in a list', () => {
    expect(problems({ kind: 'nope' })).toEqual([
      expect.stringContaining('kind must be one of latency, status, rate-limit, malformed, reset, hang, token-expiry'),
    ]);
    expect(problems({ kind: 'status' })).toEqual([expect.stringMatching(/^status: /)]);
    expect(problems({ kind: 'status', status: 302 })).toEqual(['status: must be an error status (400-599)']);
    expect(problems({ kind: 'latency', ms: -1 })).toEqual([expect.stringMatching(/^ms: /)]);
    expect(problems({ kind: 'reset', sahre: 0.5 })).toEqual([expect.stringMatching(/Unrecognized key.*sahre/)]);
    expect(problems({ kind: 'reset', count: 0 })).toEqual([expect.stringMatching(/^count: /)]);
    expect(problems({ kind: 'malformed', body: 'xml' })).toEqual([expect.stringMatching(/^body: /)]);
    expect(problems({ kind: 'token-expiry', when: 'after' })).toEqual([expect.stringMatching(/^when: token-expiry acts before/)]);
    expect(problems({ kind: 'token-expiry', tokenEndpoint: 'only' })).toEqual([expect.stringMatching(/^tokenEndpoint: /)]);
    expect(problems([{ kind: 'reset' }, { kind: 'hang', share: 1.5 }])).toEqual([expect.stringMatching(/^\[1\] share: /)]);
    expect(() => server.faults.add({ kind: 'status', status: 99 } as never)).toThrow(/status: must be an error status/);
  });

  it('draws the same shares from the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('a hold never released', () => {
  it('ends with its emulator: the request is no longer counted in flight, the client sees the connection close', async () => {
    const own = await startEmulatorServer(() => ({ status: 200, body: { ok: true } }));
    const held = own.hold((req) => req.path === '/held', 'before');
    const before = emulatorsInFlight().now;
    const answer = fetch(`${own.url}/held`).then(
      (res) => res.status,
      () => 'closed',
    );
    await held.arrived;
    expect(emulatorsInFlight().now).toBe(before + 1);
    await own.close();
    expect(await answer).toBe('closed');
    expect(emulatorsInFlight().now).toBe(before);
  });
});
