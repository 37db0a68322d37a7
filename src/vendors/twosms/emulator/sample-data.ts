// Realistic sample data for the 2sms emulator: one customer account (Northwind Traders) with three SAML
// identity providers in different states, domains that other 2sms accounts hold, and published TXT records.
// The certificates are self-signed public test certificates (no private key is kept anywhere); the sandbox
// replaces the two in use with certificates it makes at start-up (sandbox.ts), so that they expire a known
// number of days from then.
import type { EmulatedProvider } from './state.js';

export const NORTHWIND_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBwDCCAWWgAwIBAgIUYhbqyredudoawPCwk7FhX9muQQYwCgYIKoZIzj0EAwIw',
  'NTEeMBwGA1UEAwwVaWRwLm5vcnRod2luZC5leGFtcGxlMRMwEQYDVQQKDApTYW1w',
  'bGUgSWRQMB4XDTI2MTEyNDA0MzkxNFoXDTMxMTEyMzA0MzkxNFowNTEeMBwGA1UE',
  'AwwVaWRwLm5vcnRod2luZC5leGFtcGxlMRMwEQYDVQQKDApTYW1wbGUgSWRQMFkw',
  'EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEY3ABfZq3Qo/qEZs9L4rj7Q+ZgM7Nqp4p',
  '5Ap2E59qPRQ0nbXphtvfyQRxmWpj08HhmulwWfx/1JcDXMjbwQQPLaNTMFEwHQYD',
  'VR0OBBYEFDNalE1rtvFPuWDH21QgeYFdtxi8MB8GA1UdIwQYMBaAFDNalE1rtvFP',
  'uWDH21QgeYFdtxi8MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIh',
  'AI3tdZSKjh9hqVPnvNe+s1RXa5U7lfnOzSIwuCjW2FzGAiEAx2rCUbV5aBLY1O73',
  'kFLwOxKM07wkt82UrwYy84IdLP8=',
  '-----END CERTIFICATE-----',
].join('\n');

export const CONTOSO_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBzjCCAXWgAwIBAgIUR8x6kchJGdOM4h2huI5I58Tye2cwCgYIKoZIzj0EAwIw',
  'PTEmMCQGA1UEAwwdYWRmcy5jb250b3NvLXJlc2VhcmNoLmV4YW1wbGUxEzARBgNV',
  'BAoMClNhbXBsZSBJZFAwHhcNMjYxMTI0MDQzOTE0WhcNMjgxMDI0MDQzOTE0WjA9',
  'MSYwJAYDVQQDDB1hZGZzLmNvbnRvc28tcmVzZWFyY2guZXhhbXBsZTETMBEGA1UE',
  'CgwKU2FtcGxlIElkUDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABI/oQnFa8Opa',
  'DYvdCtSygl68e+JJDHmKdaXXMrd0n53QhKpDpLGrHJZM8NWoZpWBmaTARZJQNGhf',
  'Dezv4sCrWH2jUzBRMB0GA1UdDgQWBBRvUUROrGttZnnaQ2WxDrvOXGOKkzAfBgNV',
  'HSMEGDAWgBRvUUROrGttZnnaQ2WxDrvOXGOKkzAPBgNVHRMBAf8EBTADAQH/MAoG',
  'CCqGSM49BAMCA0cAMEQCIBhsH/qzq4JUz8zv1TT5HmDe69p0zpnAnivrddQ222aY',
  'AiAlzsRSjauqbfFuIbmO4PBlOrL5XH1YrgGCNiEKpoLGyA==',
  '-----END CERTIFICATE-----',
].join('\n');

/** Not used by any sample provider: for creating one. */
export const FABRIKAM_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBwDCCAWegAwIBAgIULo7F/RVrtKmaEw2lGnTViUipvpEwCgYIKoZIzj0EAwIw',
  'NjEfMB0GA1UEAwwWbG9naW4uZmFicmlrYW0uZXhhbXBsZTETMBEGA1UECgwKU2Ft',
  'cGxlIElkUDAeFw0yNjExMjQwNDM5MTRaFw0zNjExMjEwNDM5MTRaMDYxHzAdBgNV',
  'BAMMFmxvZ2luLmZhYnJpa2FtLmV4YW1wbGUxEzARBgNVBAoMClNhbXBsZSBJZFAw',
  'WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATFki00bJX30MuSCU8bCZ1zY1EXFqpz',
  'mBNVA+kJiCLe9HIYUJbJ229RG17QV5lvXGYqtdxjsnM0qLhkkm0J7Rido1MwUTAd',
  'BgNVHQ4EFgQUYTvA0oet0uERVruXSyZs6oRZG4gwHwYDVR0jBBgwFoAUYTvA0oet',
  '0uERVruXSyZs6oRZG4gwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBE',
  'AiBsbVJTxjkIgrgCOTeS7XG9kSqC68VHJD3fwM/Q7iHAUQIgQ1GMy9k6DXLqhx3j',
  'DPE6wzsppuB/hcEG6w5Dwsy4JFc=',
  '-----END CERTIFICATE-----',
].join('\n');

export const SAMPLE_USER_ID = '6f1c2d0e-4b7a-4e55-9a0b-3d2f8c9e1a47';

/** The certificates of the providers that have one (default: the fixed ones above, valid for years). */
export interface SampleCertificates {
  northwind: string;
  contoso: string;
}

export const sampleProviders = (
  certificates: SampleCertificates = { northwind: NORTHWIND_CERT, contoso: CONTOSO_CERT },
): EmulatedProvider[] => [
  {
    ID: '3b0f6c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f',
    Name: 'Northwind Traders SSO',
    Provider: 'northwind.example',
    Domain: 'northwind.example',
    Enabled: true,
    Certificate: certificates.northwind,
    SignOnURL: 'https://idp.northwind.example/saml2/sso',
    LogoutURL: 'https://idp.northwind.example/saml2/slo',
    SignAuthnRequest: true,
    SAMLResponseSigned: true,
    SAMLAssertionSigned: true,
    SAMLAssertionEncrypted: false,
    ClockSkew: '00:05:00',
    Verified: true,
    DomainTXTrecord: '2sms-domain-verification=5d41402abc4b2a76b9719d911017c592',
  },
  {
    ID: '9a7e5c3b-1d2f-4e6a-8b0c-7d9e1f3a5b7c',
    Name: 'Contoso Research ADFS',
    Provider: 'contoso-research.example',
    Domain: 'contoso-research.example',
    Enabled: false,
    Certificate: certificates.contoso,
    SignOnURL: 'https://adfs.contoso-research.example/adfs/ls/',
    LogoutURL: 'https://adfs.contoso-research.example/adfs/ls/?wa=wsignout1.0',
    SignAuthnRequest: false,
    SAMLResponseSigned: false,
    SAMLAssertionSigned: true,
    SAMLAssertionEncrypted: true,
    ClockSkew: '00:02:30',
    Verified: false,
    DomainTXTrecord: '2sms-domain-verification=7e240de74fb1ed08fa08d38063f6a6a9',
  },
  {
    ID: 'c4e2a0f8-6b3d-4c1e-a9f7-2e4d6b8a0c1e',
    Name: 'Fabrikam Okta (pending)',
    Provider: 'fabrikam.example',
    Domain: 'fabrikam.example',
    Enabled: false,
    Certificate: null,
    SignOnURL: 'https://fabrikam.okta.example/app/2sms/sso/saml',
    LogoutURL: 'https://fabrikam.okta.example/login/signout',
    SignAuthnRequest: false,
    SAMLResponseSigned: false,
    SAMLAssertionSigned: false,
    SAMLAssertionEncrypted: false,
    ClockSkew: '00:00:00',
    Verified: false,
    DomainTXTrecord: '2sms-domain-verification=1f3870be274f6c49b3e31a0c6728957f',
  },
];

/** Domains held by identity providers of other 2sms accounts: creating one of them is a ProviderDup. */
export const sampleForeignDomains = ['tailspin.example', 'wingtip-toys.example'];

/** DNS as the verification sees it: Northwind is verified, Fabrikam has published but not yet verified. */
export const sampleTxtRecords = (): Record<string, string[]> => ({
  'northwind.example': ['v=spf1 include:_spf.northwind.example ~all', '2sms-domain-verification=5d41402abc4b2a76b9719d911017c592'],
  'fabrikam.example': ['2sms-domain-verification=1f3870be274f6c49b3e31a0c6728957f'],
});
