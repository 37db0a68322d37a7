// Whether an identity provider's endpoint can be reached over TLS, through the guarded fetcher: a HEAD (a GET
// when HEAD is refused, and always a GET for the JWKS, whose body the key check reads). Any HTTP answer over a
// good TLS connection means reachable: a token endpoint answers 400 or 405 to a bare request, which is fine.
// Nothing sent carries a secret; the server's certificate is warned about weeks before it expires.
import { type FetchedDocument, OutboundFetchError, type OutboundFetcher } from '../outbound/fetcher.js';
import { days, daysLeft, EXPIRY_WARNING_DAYS, type Finding, shownUrl, worst } from './check-kit.js';
import type { ConfigurationCheck } from './configuration.js';

export type EndpointKind = 'authorization' | 'token' | 'userinfo' | 'jwks' | 'sso' | 'slo';

/** Statuses that mean the server refused the HEAD itself, not the resource: asked again with a GET. */
const HEAD_REFUSED = [405, 501];

/** What answered at a URL: a document, or the status of an answer that was not 2xx. */
type Answer = { method: 'GET' | 'HEAD'; status: number; certificateValidTo?: Date };

/** The answer a failed fetch still carries: the status of an answer that was not 2xx, with the server's certificate. */
function answerOf(error: OutboundFetchError, method: 'GET' | 'HEAD'): Answer | null {
  if (error.code !== 'HTTP_STATUS' || error.status === undefined) return null;
  return { method, status: error.status, ...(error.certificateValidTo ? { certificateValidTo: error.certificateValidTo } : {}) };
}

const fromDocument = (document: FetchedDocument, method: 'GET' | 'HEAD'): Answer => ({
  method,
  status: document.status,
  ...(document.certificateValidTo ? { certificateValidTo: document.certificateValidTo } : {}),
});

async function ask(fetcher: OutboundFetcher, url: string, method: 'GET' | 'HEAD'): Promise<Answer> {
  try {
    return fromDocument(await fetcher.fetch(url, { method }), method);
  } catch (error) {
    const answer = error instanceof OutboundFetchError ? answerOf(error, method) : null;
    if (!answer) throw error;
    return answer;
  }
}

export async function checkEndpoint(
  kind: EndpointKind,
  url: string,
  fetcher: OutboundFetcher,
  now: Date,
  origin = '',
): Promise<ConfigurationCheck> {
  const name = `endpoint.${kind}`;
  let answer: Answer;
  try {
    answer = await ask(fetcher, url, kind === 'jwks' ? 'GET' : 'HEAD');
    if (HEAD_REFUSED.includes(answer.status) && answer.method === 'HEAD') answer = await ask(fetcher, url, 'GET');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof OutboundFetchError && redirectedElsewhere(url, error)) {
      // The endpoint itself answered (with a redirect); where it sent the request could not be followed.
      return { name, status: 'WARN', message: `answered with a redirect that was not followed${origin}: ${reason}` };
    }
    // The fetcher's message names the URL and says what to do.
    return { name, status: 'FAIL', message: `not reachable${origin}: ${reason}` };
  }
  const findings = [statusFinding(answer), ...certificateFinding(answer, now)];
  return {
    name,
    status: worst(findings.map((f) => f.status)),
    message: `${shownUrl(url)}${origin}: ${findings.map((f) => f.message).join('; ')}`,
  };
}

/** Whether the failure happened after a redirect (more of them than allowed, or at the place redirected to). */
function redirectedElsewhere(url: string, error: OutboundFetchError): boolean {
  if (error.code === 'REDIRECTS') return true;
  try {
    const asked = new URL(url);
    const failed = new URL(error.url);
    return `${asked.origin}${asked.pathname}` !== `${failed.origin}${failed.pathname}`;
  } catch {
    return false;
  }
}

function statusFinding({ method, status }: Answer): Finding {
  const answered = `answered ${status} to a ${method} over TLS`;
  if (status === 404 || status === 410) return { status: 'WARN', message: `${answered}: nothing is there, check the path` };
  if (status >= 500)
    return { status: 'WARN', message: `${answered}, a server error: reachable, but check the identity provider is working` };
  return { status: 'PASS', message: `${answered}: reachable` };
}

function certificateFinding({ certificateValidTo }: Answer, now: Date): Finding[] {
  if (!certificateValidTo) return [];
  const day = certificateValidTo.toISOString().slice(0, 10);
  const left = daysLeft(certificateValidTo, now);
  if (left <= 0) return [{ status: 'FAIL', message: `its TLS certificate expired on ${day}: the identity provider must renew it` }];
  if (left < EXPIRY_WARNING_DAYS) {
    return [{ status: 'WARN', message: `its TLS certificate expires on ${day} (${days(left)} left): the identity provider must renew it` }];
  }
  return [];
}
