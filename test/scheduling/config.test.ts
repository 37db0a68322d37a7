// The config keys of the scheduled work: `driftCheckIntervalSeconds` on a connection (absent: no scheduled drift
// checks; a minute to a week) and `certificateNoticeIntervalSeconds` at the top (absent: an hour; a minute to a
// day). A bad value is a ConfigError naming the key.
import { configProblems } from '../support/config-problems.js';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

const whm = { id: 'whm-main', vendor: 'cpanel', baseUrl: 'https://whm.example.com:2087', username: 'root', apiToken: { env: 'WHM_TOKEN' } };
const env = { WHM_TOKEN: 'x' };

const problems = (raw: unknown) => configProblems(raw, env);

describe('scheduled work in the config', () => {
  it('takes driftCheckIntervalSeconds per connection and certificateNoticeIntervalSeconds, both optional', () => {
    const plain = parseConfig({ connections: [whm] }, 'test', env);
    expect(plain.connections[0]!.driftCheckIntervalSeconds).toBeUndefined();
    expect(plain.certificateNoticeIntervalSeconds).toBeUndefined();
    const set = parseConfig(
      { connections: [{ ...whm, driftCheckIntervalSeconds: 300 }], certificateNoticeIntervalSeconds: 600 },
      'test',
      env,
    );
    expect(set.connections[0]!.driftCheckIntervalSeconds).toBe(300);
    expect(set.certificateNoticeIntervalSeconds).toBe(600);
  });

  it('refuses intervals out of range or not whole, naming the key', () => {
    for (const seconds of [59, 604_801, 90.5, '300']) {
      const found = problems({ connections: [{ ...whm, driftCheckIntervalSeconds: seconds }] });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^connections\[0\]\.driftCheckIntervalSeconds: /);
    }
    for (const seconds of [0, 59, 86_401]) {
      const found = problems({ connections: [whm], certificateNoticeIntervalSeconds: seconds });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^certificateNoticeIntervalSeconds: /);
    }
  });
});
