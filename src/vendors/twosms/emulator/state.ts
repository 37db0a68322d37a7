// The 2sms emulator's memory and business rules: one customer account's SAML identity providers, the domains
// other accounts hold (a domain is unique across the whole platform), the DNS TXT records the verification
// looks at, and the bearer tokens it issued. The HTTP side (routes, envelopes, auth) is emulator.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import { parseCertificate } from '../certificate.js';
import type { ErrorIdp, IdentityProviderApi } from '../wire.js';

/** A provider as the emulator stores it: the read model minus the computed Expiry. */
export interface EmulatedProvider {
  ID: string;
  Name: string;
  Provider: string;
  Domain: string;
  Enabled: boolean;
  Certificate: string | null;
  SignOnURL: string;
  LogoutURL: string;
  SignAuthnRequest: boolean;
  SAMLResponseSigned: boolean;
  SAMLAssertionSigned: boolean;
  SAMLAssertionEncrypted: boolean;
  ClockSkew: string;
  Verified: boolean;
  DomainTXTrecord: string;
}

/** What a create or update asks for (BaseSSO / SSO after model binding). */
export interface SsoFields {
  Name: string;
  Provider: string;
  LoginUrl: string;
  LogoutUrl: string;
  Certificate: string | null;
}

/** .NET's default(DateTimeOffset), what a non-nullable Expiry holds when there is no certificate. */
export const DOTNET_MIN_DATE = '0001-01-01T00:00:00+00:00';

/**
 * The domain an identity provider is found by. BaseSSO has no Domain field, so the vendor derives it from
 * the request; which field it uses is not documented (VENDORS.md 3.4). This emulator takes it from
 * Provider (the flag for a taken domain is ProviderDup): a URL's host name, else the value itself.
 */
export function domainOf(provider: string): string {
  const trimmed = provider.trim().toLowerCase();
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.hostname;
  } catch {
    // not a URL: the value names the domain itself
  }
  return trimmed;
}

/** A date as Json.NET writes a DateTimeOffset: "2031-11-23T04:39:14+00:00". */
export function dotNetDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.000Z$/, '+00:00')
    .replace(/Z$/, '+00:00');
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export interface TwoSmsStateOptions {
  providers?: EmulatedProvider[];
  /** Domains that identity providers of other 2sms accounts hold (invisible to this account's list). */
  foreignDomains?: string[];
  /** Published DNS TXT records, by domain. */
  txtRecords?: Record<string, string[]>;
  tokenLifetimeSeconds?: number;
  now?: () => number;
}

export class TwoSmsState {
  readonly providers = new Map<string, EmulatedProvider>();
  readonly foreignDomains: Set<string>;
  readonly txtRecords = new Map<string, string[]>();
  readonly tokenLifetimeSeconds: number;
  private readonly tokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  private clockOffsetMs = 0;
  private readonly baseNow: () => number;

  constructor(options: TwoSmsStateOptions = {}) {
    for (const provider of options.providers ?? []) this.providers.set(provider.ID.toLowerCase(), { ...provider });
    this.foreignDomains = new Set((options.foreignDomains ?? []).map((d) => d.toLowerCase()));
    for (const [domain, values] of Object.entries(options.txtRecords ?? {})) this.txtRecords.set(domain.toLowerCase(), [...values]);
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 28_800;
    this.baseNow = options.now ?? Date.now;
  }

  now(): number {
    return this.baseNow() + this.clockOffsetMs;
  }

  /** Moves the emulator's clock forward (token expiry tests). */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  // --- tokens ---------------------------------------------------------------------------------------

  issueToken(): { access_token: string; refresh_token: string; expires_in: number; issued: Date; expires: Date } {
    const access = randomBytes(48).toString('base64url');
    const refresh = randomBytes(24).toString('hex');
    const issuedAt = this.now();
    this.tokens.set(access, issuedAt + this.tokenLifetimeSeconds * 1000);
    this.refreshTokens.add(refresh);
    return {
      access_token: access,
      refresh_token: refresh,
      expires_in: this.tokenLifetimeSeconds,
      issued: new Date(issuedAt),
      expires: new Date(issuedAt + this.tokenLifetimeSeconds * 1000),
    };
  }

  /** A refresh token is single use, as OWIN's default refresh-token provider makes it. */
  useRefreshToken(token: string): boolean {
    return this.refreshTokens.delete(token);
  }

  isTokenValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && this.now() < expiresAt;
  }

  /** Makes every issued access token expire now, as its lifetime passing would (refresh tokens stay usable). */
  expireTokens(): void {
    const at = this.now();
    for (const token of this.tokens.keys()) this.tokens.set(token, at);
  }

  /** Makes every issued token invalid (as a rotated machine key would). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  // --- providers -------------------------------------------------------------------------------------

  list(name: string): EmulatedProvider[] {
    const all = [...this.providers.values()];
    if (name.trim() === '') return all;
    return all.filter((p) => p.Name.toLowerCase() === name.trim().toLowerCase());
  }

  find(id: string): EmulatedProvider | undefined {
    return this.providers.get(id.toLowerCase());
  }

  /** Every problem the vendor flags in errorIDP; `selfId` is the provider being updated. */
  check(fields: SsoFields, selfId?: string): Required<{ [K in keyof ErrorIdp]: boolean }> {
    const domain = domainOf(fields.Provider);
    const takenHere = [...this.providers.values()].some((p) => p.Domain === domain && p.ID !== selfId);
    return {
      InvalidCert: fields.Certificate !== null && fields.Certificate !== '' && parseCertificate(fields.Certificate) === null,
      ProviderDup: takenHere || this.foreignDomains.has(domain),
      SignonUrl: !isHttpUrl(fields.LoginUrl),
      LogoutURL: !isHttpUrl(fields.LogoutUrl),
    };
  }

  create(fields: SsoFields): EmulatedProvider {
    const provider: EmulatedProvider = {
      ID: randomUUID(),
      Name: fields.Name,
      Provider: fields.Provider,
      Domain: domainOf(fields.Provider),
      Enabled: false,
      Certificate: fields.Certificate || null,
      SignOnURL: fields.LoginUrl,
      LogoutURL: fields.LogoutUrl,
      SignAuthnRequest: false,
      SAMLResponseSigned: false,
      SAMLAssertionSigned: false,
      SAMLAssertionEncrypted: false,
      ClockSkew: '00:00:00',
      Verified: false,
      DomainTXTrecord: newTxtValue(),
    };
    this.providers.set(provider.ID, provider);
    return provider;
  }

  /** A whole-object replace; a new domain needs a new TXT value and a new verification. */
  replace(existing: EmulatedProvider, fields: SsoFields): EmulatedProvider {
    const domain = domainOf(fields.Provider);
    const moved = domain !== existing.Domain;
    Object.assign(existing, {
      Name: fields.Name,
      Provider: fields.Provider,
      Domain: domain,
      Certificate: fields.Certificate || null,
      SignOnURL: fields.LoginUrl,
      LogoutURL: fields.LogoutUrl,
      ...(moved ? { DomainTXTrecord: newTxtValue(), Verified: false, Enabled: false } : {}),
    });
    return existing;
  }

  remove(id: string): boolean {
    return this.providers.delete(id.toLowerCase());
  }

  /** Looks for the provider's TXT value on its domain; a provider that passes becomes usable. */
  verify(provider: EmulatedProvider): boolean {
    const found = (this.txtRecords.get(provider.Domain) ?? []).includes(provider.DomainTXTrecord);
    provider.Verified = found;
    if (found) provider.Enabled = true;
    return found;
  }

  publishTxt(domain: string, value: string): void {
    const key = domain.toLowerCase();
    this.txtRecords.set(key, [...(this.txtRecords.get(key) ?? []), value]);
  }

  /** The read model: Expiry comes from the stored certificate. */
  toApi(provider: EmulatedProvider): IdentityProviderApi {
    const cert = provider.Certificate ? parseCertificate(provider.Certificate) : null;
    return {
      ID: provider.ID,
      Name: provider.Name,
      Provider: provider.Provider,
      Domain: provider.Domain,
      Enabled: provider.Enabled,
      Certificate: provider.Certificate,
      Expiry: cert ? dotNetDate(new Date(cert.validTo)) : DOTNET_MIN_DATE,
      SignOnURL: provider.SignOnURL,
      LogoutURL: provider.LogoutURL,
      SignAuthnRequest: provider.SignAuthnRequest,
      SAMLResponseSigned: provider.SAMLResponseSigned,
      SAMLAssertionSigned: provider.SAMLAssertionSigned,
      SAMLAssertionEncrypted: provider.SAMLAssertionEncrypted,
      ClockSkew: provider.ClockSkew,
      Verified: provider.Verified,
      DomainTXTrecord: provider.DomainTXTrecord,
    };
  }
}

function newTxtValue(): string {
  return `2sms-domain-verification=${randomBytes(16).toString('hex')}`;
}
