// An identity provider's configuration as the configuration checks see it, whatever the vendor: each vendor maps
// its providers to this description (VendorSetup.configurationOf) and core checks it (checks.ts). Every member is
// optional except the protocol, and may be null, so a vendor maps its wire object without inventing values: what
// is absent is simply not checked, or reported missing where the protocol needs it.

export type IdpProtocol = 'SAML' | 'OIDC' | 'OAUTH2';

export interface IdpConfiguration {
  protocol: IdpProtocol;
  /** OIDC: the issuer; its discovery document is fetched and compared with the endpoints below. */
  issuer?: string | null;
  authorizationEndpoint?: string | null;
  tokenEndpoint?: string | null;
  userinfoEndpoint?: string | null;
  jwksUri?: string | null;
  /** A JWKS (JSON text) the vendor holds inline to verify tokens with (public keys only). */
  signingKeys?: string | null;
  /** The scopes the vendor requests. */
  scopes?: string[] | null;
  /** The scopes this vendor needs (['openid'] for OIDC sign-in). */
  requiredScopes?: string[] | null;
  clientId?: string | null;
  /** Whether a client secret is set (the secret itself never reaches the checks); null: unknown or not used, not checked. */
  clientSecretSet?: boolean | null;
  samlEntityId?: string | null;
  ssoUrl?: string | null;
  sloUrl?: string | null;
  /** The signing certificate first, then its chain (each issued by the next); PEM or base64 DER. */
  certificates?: string[] | null;
  /** The URL the identity provider must be told (a SAML reply/ACS URL, an OIDC redirect URI). */
  replyUrl?: string | null;
  /** The service provider's entity id the identity provider must be told (SAML). */
  serviceProviderEntityId?: string | null;
}

export type ConfigurationCheckStatus = 'PASS' | 'WARN' | 'FAIL';

/** One line of the checklist: a stable lower-case dotted name, and a message saying what was found and what to do. */
export interface ConfigurationCheck {
  name: string;
  status: ConfigurationCheckStatus;
  message: string;
}
