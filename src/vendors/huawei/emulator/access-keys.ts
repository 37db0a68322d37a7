// The emulator's API gateway check of an AK/SK-signed request, as Huawei's gateway answers it: the access
// key must exist (401 APIGW.0301 "ak ... not exist"), X-Sdk-Date be within 15 minutes of the gateway's clock
// ("signature expired"), the signature recomputed over the request as received must match ("verify aksk
// signature fail"), a temporary key must come with its X-Security-Token, and X-Domain-Id must name the
// account (IAM is a global service: with access keys the gateway needs it to find the account).
import type { EmulatorReply, EmulatorRequest } from '../../../emulation/http.js';
import { parseAuthorization, parseSdkDate, sameSignature, SDK_DATE_HEADER, sdkDate, signature, stringToSign } from '../signing.js';
import { apigw } from './replies.js';

export interface HuaweiEmulatorAccessKey {
  accessKey: string;
  secretKey: string;
  /** Set for a temporary key: requests must carry it as X-Security-Token. */
  securityToken?: string;
}

/** The gateway's tolerance between X-Sdk-Date and its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

/** True when the request claims AK/SK auth (an SDK-HMAC-SHA256 Authorization header). */
export const isSignedRequest = (req: EmulatorRequest) => (req.headers.authorization ?? '').startsWith('SDK-HMAC-SHA256');

/** The query as the gateway reads it: each `name=value` pair percent-decoded ("+" is a literal plus). */
function decodedQuery(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    try {
      out[decodeURIComponent(name)] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** null when the signed request may pass; else the gateway's refusal. */
export function accessKeyFailure(
  req: EmulatorRequest,
  keys: readonly HuaweiEmulatorAccessKey[],
  domainId: string,
  now: number,
): EmulatorReply | null {
  const auth = parseAuthorization(req.headers.authorization ?? '');
  if (!auth) return apigw('verify aksk signature fail');
  const key = keys.find((k) => k.accessKey === auth.accessKey);
  if (!key) return apigw(`ak ${auth.accessKey} not exist`);
  const dateText = req.headers[SDK_DATE_HEADER] ?? '';
  const date = parseSdkDate(dateText);
  if (date === null || !auth.signedHeaders.includes(SDK_DATE_HEADER)) return apigw('verify aksk signature fail');
  if (Math.abs(now - date) > MAX_CLOCK_SKEW_MS) {
    return apigw(`signature expired, signature time:${dateText},server time:${sdkDate(now)}`);
  }
  const signed: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return apigw('verify aksk signature fail');
    signed[name] = value;
  }
  const host = req.headers.host ?? '';
  const expected = signature(
    key.secretKey,
    stringToSign(
      { method: req.method, url: `http://${host}${req.path}`, query: decodedQuery(req.rawQuery), body: req.body },
      signed,
      dateText,
    ),
  );
  if (!sameSignature(expected, auth.signature)) return apigw('verify aksk signature fail');
  if (key.securityToken !== undefined && req.headers['x-security-token'] !== key.securityToken) {
    return apigw('verify security token fail');
  }
  const requestDomain = req.headers['x-domain-id'];
  if (!requestDomain) return apigw('X-Domain-Id is required to call a global service with AK/SK');
  if (requestDomain !== domainId) return apigw(`domain ${requestDomain} does not match the access key`);
  return null;
}
