// The 2sms admin SSO API's JSON, with the vendor's own names. The names drift between models on purpose
// (LoginUrl/LogoutUrl in requests vs SignOnURL/LogoutURL in reads; DomainTXTString vs DomainTXTrecord):
// keep them exactly as they are. Help-page samples are generated, so optional/nullable is used wherever
// the vendor's behaviour is unknown (VENDORS.md 3.6): the schemas are lenient, the adapter careful.
import { z } from 'zod';

/** `POST /Token` (OWIN OAuth server) success body. */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  refresh_token: z.string().optional(),
});

/** `POST /Token` failure body (RFC 6749 section 5.2, as OWIN writes it). */
export const tokenError = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

/** What ASP.NET Web API itself answers (401 from [Authorize], 404 route, 405, 415, model binding). */
export const aspNetMessage = z.object({
  Message: z.string(),
  MessageDetail: z.string().optional(),
  ExceptionMessage: z.string().optional(),
});

const errorPart = z.object({ ErrorCode: z.string().nullish(), ErrorReason: z.string().nullish() }).nullish();

/** The `Response<T>` envelope every 2sms API reply uses. */
export function envelope<T extends z.ZodType>(detail: T) {
  return z.object({
    Error: errorPart,
    ResponseData: z
      .object({
        Identification: z.object({ UserId: z.string().nullish() }).nullish(),
        Result: z.string().nullish(),
        Detail: detail,
      })
      .nullish(),
  });
}

/** Any envelope, Detail unread: used to find the Error part of a failed call. */
export const anyEnvelope = envelope(z.unknown());

/** `BaseSSO`: the body of `POST api/v2/admin/identityproviders`. */
export const baseSso = z.object({
  Name: z.string(),
  Provider: z.string(),
  LoginUrl: z.string(),
  LogoutUrl: z.string(),
  Certificate: z.string().nullable().optional(),
});
export type BaseSso = z.infer<typeof baseSso>;

/** `SSO`: the body of `PUT api/v2/admin/identityproviders/{id}`, a whole object whose ID is the path id. */
export const sso = baseSso.extend({ ID: z.string() });
export type Sso = z.infer<typeof sso>;

/** `errorIDP`: one flag per rejected part of a create/update. */
export const errorIdp = z.object({
  InvalidCert: z.boolean().nullish(),
  ProviderDup: z.boolean().nullish(),
  SignonUrl: z.boolean().nullish(),
  LogoutURL: z.boolean().nullish(),
});
export type ErrorIdp = z.infer<typeof errorIdp>;

/** `IdentityProviderDetails`: what create and update (v2) return. It carries no ID. */
export const identityProviderDetails = z.object({
  EntityID: z.string().nullish(),
  ReplyURL: z.string().nullish(),
  Domain: z.string().nullish(),
  DomainTXTString: z.string().nullish(),
  errorIDP: errorIdp.nullish(),
});
export type IdentityProviderDetails = z.infer<typeof identityProviderDetails>;

/** `IdentityProviderAPI`: one provider as the list and the verification return it. */
export const identityProviderApi = z.object({
  ID: z.string().min(1),
  Name: z.string().nullish(),
  Provider: z.string().nullish(),
  Domain: z.string().nullish(),
  Enabled: z.boolean().nullish(),
  Certificate: z.string().nullish(),
  /** Certificate expiry; a .NET default value (year 0001) when there is no certificate. */
  Expiry: z.string().nullish(),
  SignOnURL: z.string().nullish(),
  LogoutURL: z.string().nullish(),
  SignAuthnRequest: z.boolean().nullish(),
  SAMLResponseSigned: z.boolean().nullish(),
  SAMLAssertionSigned: z.boolean().nullish(),
  SAMLAssertionEncrypted: z.boolean().nullish(),
  /** .NET TimeSpan text, e.g. "00:05:00". */
  ClockSkew: z.string().nullish(),
  Verified: z.boolean().nullish(),
  DomainTXTrecord: z.string().nullish(),
});
export type IdentityProviderApi = z.infer<typeof identityProviderApi>;

// The Detail type of each operation's envelope.
export const listDetail = z.array(identityProviderApi).nullish();
export const writeDetail = identityProviderDetails.nullish();
export const verificationDetail = identityProviderApi.nullish();
export const deleteDetail = z.string().nullish();
