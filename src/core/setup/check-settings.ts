// The checks that need no network: the scopes the vendor requests hold the ones it needs, an OIDC/OAuth2 client
// has an id and a secret (only whether one is set: the secret never reaches the checks), and what the identity
// provider must be told about the service provider (its reply URL and entity id), said as a step to take.
import type { ConfigurationCheck, IdpConfiguration } from './configuration.js';

export function checkScopes(config: IdpConfiguration): ConfigurationCheck | null {
  const required = config.requiredScopes ?? [];
  if (!required.length) return null;
  // A vendor may hold the scopes as one space-separated string (the OAuth `scope` parameter's own form).
  const requested = new Set((config.scopes ?? []).flatMap((scope) => scope.split(/\s+/)).filter(Boolean));
  const missing = required.filter((scope) => !requested.has(scope));
  const shown = requested.size ? [...requested].join(' ') : '(none)';
  if (missing.length) {
    return {
      name: 'scopes',
      status: 'FAIL',
      message: `the scopes ${shown} lack ${missing.join(', ')}, which this provider needs: add ${missing.join(' ')}`,
    };
  }
  return { name: 'scopes', status: 'PASS', message: `the scopes ${shown} include the required ${required.join(', ')}` };
}

export function checkClient(config: IdpConfiguration): ConfigurationCheck | null {
  if (config.protocol === 'SAML') return null;
  // null or absent: the vendor never shows whether a secret is set (SlashID) or its flow has none (Huawei's id token).
  const missing = [config.clientId ? null : 'no client id', config.clientSecretSet === false ? 'no client secret is set' : null].filter(
    Boolean,
  );
  if (missing.length) {
    const what = `${missing.join(' and ')}: register the application at the identity provider and set the client id and secret it issues`;
    return { name: 'client', status: 'FAIL', message: what };
  }
  const secret = config.clientSecretSet ? ' with a secret set' : '';
  return { name: 'client', status: 'PASS', message: `client ${config.clientId}${secret}` };
}

export function checkReplyUrl(config: IdpConfiguration): ConfigurationCheck | null {
  const { replyUrl, serviceProviderEntityId } = config;
  if (!replyUrl && !serviceProviderEntityId) return null;
  const saml = config.protocol === 'SAML';
  const steps = [
    replyUrl ? `${replyUrl} as ${saml ? 'the Assertion Consumer Service (reply) URL' : 'a redirect URI'}` : null,
    serviceProviderEntityId ? `${serviceProviderEntityId} as the service provider's entity id (audience)` : null,
  ].filter(Boolean);
  return { name: 'reply-url', status: 'PASS', message: `register ${steps.join(' and ')} at the identity provider` };
}
