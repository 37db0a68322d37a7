// Sandbox mode: IDP_GATEWAY_SANDBOX_FAULTS (a JSON list of specs, each with its vendor) reaches every
// vendor's emulator through startSandbox({ faults }); a bad entry stops start-up with the entry named.
import { describe, expect, it } from 'vitest';
import { EMULATOR_FAULTS_PATH } from '../../src/emulation/http.js';
import { ConfigError } from '../../src/config.js';
import { parseSandboxFaults, SANDBOX_FAULTS_ENV, startSandbox } from '../../src/emulation/sandbox.js';
import { vendorModules } from '../../src/vendors/index.js';
import { http, json } from './support.js';

const problems = (text: string) => {
  try {
    parseSandboxFaults(text);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration in ${SANDBOX_FAULTS_ENV}:`));
    return (error as ConfigError).problems;
  }
};

describe(SANDBOX_FAULTS_ENV, () => {
  it('is optional', () => {
    expect(parseSandboxFaults(undefined)).toEqual({});
    expect(parseSandboxFaults('  ')).toEqual({});
    expect(parseSandboxFaults('[]')).toEqual({});
  });

  it('groups valid specs by vendor, without the vendor key', () => {
    const faults = parseSandboxFaults(
      JSON.stringify([
        { vendor: 'akamai', kind: 'status', status: 503, share: 0.3, seed: 5 },
        { vendor: 'huawei', kind: 'hang', path: '/v3.0/' },
        { vendor: 'akamai', kind: 'token-expiry', count: 1 },
      ]),
    );
    expect(faults).toEqual({
      akamai: [
        { kind: 'status', status: 503, share: 0.3, seed: 5 },
        { kind: 'token-expiry', count: 1 },
      ],
      huawei: [{ kind: 'hang', path: '/v3.0/' }],
    });
  });

  it('names the bad entry', () => {
    expect(problems('{not json')).toEqual([expect.stringMatching(/^not valid JSON: /)]);
    expect(problems('{"vendor":"akamai","kind":"reset"}')).toEqual(['must be a JSON list of fault specs, each with a "vendor" key']);
    expect(problems('[{"kind":"reset"}]')).toEqual([
      expect.stringMatching(/^\[0\] vendor: vendor must be one of cpanel, akamai, twosms, huawei, slashid/),
    ]);
    expect(problems('[{"vendor":"okta","kind":"reset"}]')).toEqual([expect.stringMatching(/^\[0\] vendor: vendor must be one of/)]);
    expect(problems('["reset"]')).toEqual([expect.stringMatching(/^\[0\] \(entry\): /)]);
    expect(
      problems(
        JSON.stringify([
          { vendor: 'cpanel', kind: 'reset' },
          { vendor: 'huawei', kind: 'hang', share: 2 },
          { vendor: 'slashid', kind: 'boom' },
          { vendor: 'twosms', kind: 'status', status: 503, cuont: 2 },
        ]),
      ),
    ).toEqual([
      expect.stringMatching(/^\[1\] \(huawei hang\) share: /),
      expect.stringMatching(/^\[2\] \(slashid boom\) .*kind must be one of/),
      expect.stringMatching(/^\[3\] \(twosms status\) .*Unrecognized key.*cuont/),
    ]);
    expect(
      problems(
        JSON.stringify([
          { vendor: 'akamai', kind: 'reset', id: 'x' },
          { vendor: 'akamai', kind: 'hang', id: 'x' },
        ]),
      ),
    ).toEqual(['[1] (akamai hang) id: another akamai fault already has the id "x"']);
  });

  it('fails startSandbox before any emulator starts', async () => {
    await expect(startSandbox({ [SANDBOX_FAULTS_ENV]: '[{"vendor":"akamai","kind":"status"}]' })).rejects.toThrow(
      /\[0\] \(akamai status\) status: /,
    );
  });

  it('reaches the emulators: listed by their admin endpoint and acted on', async () => {
    const sandbox = await startSandbox({
      [SANDBOX_FAULTS_ENV]: JSON.stringify([
        { vendor: 'slashid', kind: 'status', status: 503, id: 'slashid-down' },
        { vendor: 'cpanel', kind: 'token-expiry', count: 1 },
      ]),
    });
    try {
      const byVendor = Object.fromEntries(sandbox.emulators.map((e) => [e.vendor, e]));
      expect(Object.keys(byVendor).sort()).toEqual(['akamai', 'cpanel', 'huawei', 'slashid', 'twosms']);
      const listed = json(await http(`${byVendor.slashid!.url}${EMULATOR_FAULTS_PATH}`)) as { faults: Array<{ id: string }> };
      expect(listed.faults.map((f) => f.id)).toEqual(['slashid-down']);
      expect(byVendor.cpanel!.faults.list()).toMatchObject([{ kind: 'token-expiry', count: 1 }]);
      expect(byVendor.akamai!.faults.list()).toEqual([]);
      const slashid = sandbox.config.connections.find((c) => c.vendor === 'slashid')!;
      expect(slashid.baseUrl).toBe(byVendor.slashid!.url);
      const answer = await http(`${slashid.baseUrl}/organizations/sso/oidc/provider-credentials`, {
        headers: { 'slashid-api-key': String(slashid.apiKey), 'slashid-orgid': String(slashid.orgId) },
      });
      expect([answer.status, json(answer)]).toEqual([503, { errors: [{ httpcode: 503, message: 'service unavailable' }] }]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('VendorModule.startSandbox({ faults })', () => {
  for (const module of vendorModules) {
    it(`${module.vendor}: starts its emulator with the faults and exposes them`, async () => {
      const sandbox = await module.startSandbox({ faults: [{ kind: 'status', status: 500, count: 1, id: 'boom' }] });
      try {
        expect(sandbox.faults.list()).toMatchObject([{ id: 'boom', kind: 'status', status: 500, hits: 0 }]);
        const listed = json(await http(`${sandbox.connection.baseUrl}${EMULATOR_FAULTS_PATH}`)) as { faults: Array<{ id: string }> };
        expect(listed.faults.map((f) => f.id)).toEqual(['boom']);
      } finally {
        await sandbox.close();
      }
    });
  }
});
