// One line of a configuration checklist (core/setup/): what `test: true` and testIdentityProviderConfiguration return.
import type { ConfigurationCheck } from '../core/setup/configuration.js';
import { builder } from './builder.js';

export const CheckStatusEnum = builder.enumType('ConfigurationCheckStatus', {
  description:
    'PASS: as it should be. WARN: works, but look (a certificate expiring soon, an endpoint that differs from discovery). FAIL: sign-in would break.',
  values: ['PASS', 'WARN', 'FAIL'] as const,
});

export const ConfigurationCheckRef = builder.objectRef<ConfigurationCheck>('ConfigurationCheck').implement({
  description: 'One read-only check of an identity provider configuration. Nothing is written anywhere to run it.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Stable name, e.g. "discovery", "jwks", "endpoint.token", "certificate[0]".' }),
    status: t.field({ type: CheckStatusEnum, resolve: (check) => check.status }),
    message: t.exposeString('message', { description: 'What was found, and what to do about it.' }),
  }),
});
