// The checks that need no network: required scopes, the OIDC/OAuth2 client, and what the identity provider must
// be told about the service provider.
import { describe, expect, it } from 'vitest';
import { checkClient, checkReplyUrl, checkScopes } from '../../src/core/setup/check-settings.js';

describe('scopes', () => {
  it('every required scope present PASSes, also from one space-separated string', () => {
    expect(checkScopes({ protocol: 'OIDC', scopes: ['openid', 'email'], requiredScopes: ['openid'] })?.status).toBe('PASS');
    expect(checkScopes({ protocol: 'OIDC', scopes: ['openid email'], requiredScopes: ['openid', 'email'] })?.status).toBe('PASS');
  });

  it('a missing required scope FAILs naming it', () => {
    expect(checkScopes({ protocol: 'OIDC', scopes: ['profile', 'email'], requiredScopes: ['openid'] })).toEqual({
      name: 'scopes',
      status: 'FAIL',
      message: 'the scopes profile email lack openid, which this provider needs: add openid',
    });
    expect(checkScopes({ protocol: 'OIDC', requiredScopes: ['openid'] })?.message).toContain('the scopes (none) lack openid');
  });

  it('nothing required: no check', () => {
    expect(checkScopes({ protocol: 'OAUTH2', scopes: ['read'] })).toBeNull();
  });
});

describe('client', () => {
  it('an id and a secret set PASS; either missing FAILs naming what is missing', () => {
    expect(checkClient({ protocol: 'OIDC', clientId: 'app-1', clientSecretSet: true })).toEqual({
      name: 'client',
      status: 'PASS',
      message: 'client app-1 with a secret set',
    });
    expect(checkClient({ protocol: 'OAUTH2', clientId: 'app-1', clientSecretSet: false })).toMatchObject({
      status: 'FAIL',
      message: expect.stringMatching(/^no client secret is set: /),
    });
    expect(checkClient({ protocol: 'OIDC', clientSecretSet: false })?.message).toMatch(/^no client id and no client secret is set: /);
  });

  it('a secret the vendor never shows (or a flow without one) is not checked: only the id', () => {
    expect(checkClient({ protocol: 'OIDC', clientId: 'app-1', clientSecretSet: null })).toEqual({
      name: 'client',
      status: 'PASS',
      message: 'client app-1',
    });
    expect(checkClient({ protocol: 'OIDC' })?.message).toMatch(/^no client id: /);
  });

  it('SAML has no client', () => {
    expect(checkClient({ protocol: 'SAML', clientId: 'x' })).toBeNull();
  });
});

describe('reply-url', () => {
  it('says what to register at the identity provider, in the protocol’s words', () => {
    expect(checkReplyUrl({ protocol: 'SAML', replyUrl: 'https://sp.example/acs', serviceProviderEntityId: 'https://sp.example' })).toEqual({
      name: 'reply-url',
      status: 'PASS',
      message:
        "register https://sp.example/acs as the Assertion Consumer Service (reply) URL and https://sp.example as the service provider's entity id (audience) at the identity provider",
    });
    expect(checkReplyUrl({ protocol: 'OIDC', replyUrl: 'https://sp.example/callback' })?.message).toBe(
      'register https://sp.example/callback as a redirect URI at the identity provider',
    );
    expect(checkReplyUrl({ protocol: 'OIDC' })).toBeNull();
  });
});
