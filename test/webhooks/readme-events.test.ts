// The README's "Events and webhooks" section tells the truth: its config example is a config the gateway takes,
// and every event type has an example body of the form `{ type, timestamp, data }`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { EVENT_TYPES } from '../../src/model/event-types.js';

const section = /## Events and webhooks\n([\s\S]*?)\n## /.exec(readFileSync('README.md', 'utf8'))?.[1] ?? '';
const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!) as Record<string, any>);

describe('the README on events and webhooks', () => {
  it('shows a config the gateway takes', () => {
    const example = blocks.find((block) => 'webhooks' in block)!;
    const config = parseConfig(
      {
        connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: 'https://whm.example:2087', username: 'root', apiToken: { env: 'T' } }],
        ...example,
      },
      'README example',
      { T: 't', IDP_WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}` },
    );
    expect(config.webhooks?.map((hook) => hook.name)).toEqual(['ops-alerts']);
  });

  it('has an example body for every event type', () => {
    const bodies = blocks.filter((block) => 'type' in block);
    for (const body of bodies) {
      expect(Object.keys(body).sort()).toEqual(['data', 'timestamp', 'type']);
      expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
    }
    expect(bodies.map((body) => body.type).sort()).toEqual([...EVENT_TYPES].sort());
  });
});
