// The client side of the estate commands that needs no gateway: the operations the CLI sends are valid against
// the gateway's schema (as built now, so a renamed field fails here), the saved plan file, and the question.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { APPLY_MUTATION, EXPORT_QUERY, PLAN_MUTATION } from '../../src/cli/estate/api.js';
import type { EstatePlan } from '../../src/cli/estate/api-types.js';
import { confirmApply } from '../../src/cli/estate/confirm.js';
import { CliFailure } from '../../src/cli/estate/failure.js';
import { DEFAULT_GATEWAY_URL, gatewayEndpoint } from '../../src/cli/estate/graphql-client.js';
import { readSavedPlan, savedPlanOf, writeSavedPlan } from '../../src/cli/estate/saved-plan.js';
import { schema } from '../../src/graphql/schema.js';

describe('the estate operations', () => {
  it.each([
    ['exportEstate', EXPORT_QUERY],
    ['planEstate', PLAN_MUTATION],
    ['applyEstatePlan', APPLY_MUTATION],
  ])('%s is valid against the gateway schema', (_name, operation) => {
    expect(validate(schema, parse(operation)).map((error) => error.message)).toEqual([]);
  });
});

describe('the gateway endpoint', () => {
  it('is --url, else IDP_GATEWAY_URL, else the default; the token only from IDP_GATEWAY_TOKEN', () => {
    expect(gatewayEndpoint(undefined, {})).toEqual({ url: DEFAULT_GATEWAY_URL, token: undefined });
    expect(gatewayEndpoint(undefined, { IDP_GATEWAY_URL: 'https://gw.example/graphql', IDP_GATEWAY_TOKEN: 't' })).toEqual({
      url: 'https://gw.example/graphql',
      token: 't',
    });
    expect(gatewayEndpoint('http://other:4000/graphql', { IDP_GATEWAY_URL: 'https://gw.example/graphql' }).url).toBe(
      'http://other:4000/graphql',
    );
    expect(() => gatewayEndpoint('ftp://gw.example', {})).toThrow(CliFailure);
  });
});

const PLAN: EstatePlan = {
  id: 'plan-42',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2099-01-01T00:00:00.000Z',
  fromCache: false,
  snapshotAgeSeconds: null,
  hasChanges: true,
  summary: { creates: 0, updates: 1, deletes: 0, unchanged: 2, unmanaged: 0 },
  items: [
    {
      connectionId: 'c',
      vendor: 'TWOSMS',
      key: 'p',
      documentPath: 'connections.c.providers.p',
      action: 'UPDATE',
      version: 'v9',
      changes: [{ path: 'label', before: 'a', after: 'b', secret: false }],
      operations: ['updateX'],
      vendorRequests: [],
      warnings: [],
    },
  ],
};

describe('a saved plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpgw-estate-plan-'));
  mkdirSync(join(dir, 'plans'));

  it('records the plan id, URL, document (relative to the plan file), each target and its version, and the summary', () => {
    const planPath = join(dir, 'plans', 'plan.json');
    const saved = savedPlanOf(PLAN, 'http://127.0.0.1:4000/graphql', join(dir, 'estate.yaml'), planPath);
    expect(saved).toEqual({
      format: 'idp-gateway estate plan',
      formatVersion: 1,
      planId: 'plan-42',
      url: 'http://127.0.0.1:4000/graphql',
      createdAt: PLAN.createdAt,
      expiresAt: PLAN.expiresAt,
      document: join('..', 'estate.yaml'),
      items: [{ connectionId: 'c', documentPath: 'connections.c.providers.p', key: 'p', action: 'UPDATE', version: 'v9' }],
      summary: PLAN.summary,
    });
    writeSavedPlan(planPath, saved);
    expect(readSavedPlan(planPath)).toEqual({ ...saved, documentFile: join(dir, 'estate.yaml') });
  });

  it('is refused once expired, or when the file is not a saved plan', () => {
    const planPath = join(dir, 'old.json');
    writeSavedPlan(planPath, savedPlanOf(PLAN, 'http://gw/graphql', join(dir, 'estate.yaml'), planPath));
    expect(() => readSavedPlan(planPath, new Date('2099-01-02T00:00:00Z'))).toThrow(/expired at 2099-01-01T00:00:00.000Z/);
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ planId: 'x' }));
    expect(() => readSavedPlan(other)).toThrow(/is not a plan saved by `idp-gateway plan --out`/);
    expect(() => readSavedPlan(join(dir, 'none.json'))).toThrow(/cannot read the saved plan .*none\.json \(ENOENT\)/);
  });
});

describe('the question before apply -f', () => {
  const answer = async (typed: string | null) => {
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = '';
    output.on('data', (chunk: Buffer) => (asked += chunk.toString()));
    const result = confirmApply(input, output);
    if (typed === null) input.end();
    else input.write(typed);
    return { yes: await result, asked };
  };

  it("goes on only for exactly 'yes'", async () => {
    expect(await answer('yes\n')).toEqual({ yes: true, asked: "Apply these changes? Only 'yes' is accepted: " });
    expect((await answer('  yes  \n')).yes).toBe(true);
    expect((await answer('y\n')).yes).toBe(false);
    expect((await answer('YES\n')).yes).toBe(false);
    expect((await answer(null)).yes).toBe(false);
  });
});
