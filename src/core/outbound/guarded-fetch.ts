// The guarded fetcher (fetcher.ts is its contract): every URL the gateway fetches on a user's behalf goes through
// it. https only; the host's addresses are resolved once, EVERY one is checked (address-ranges.ts) unless the host
// is listed in allowedHosts, and the connection goes to an address that was checked (no second DNS lookup: DNS
// rebinding) while TLS still checks the certificate against the host name. Redirects are followed by hand, each
// target checked again; one deadline covers DNS, connect, headers and body; the body is read up to a cap and the
// connection destroyed as soon as it passes it. Each request gets its own undici Client and connection (no
// keep-alive, no cookies, no credentials), destroyed when the request is done.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import { Client } from 'undici';
import { describeRefusedAddress, refusedAddress } from './address-ranges.js';
import { type FetchedDocument, type FetchOptions, type OutboundFetcher, OutboundFetchError } from './fetcher.js';

/** An address a host name resolves to (the shape of dns.lookup with all: true). */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses; rejects when it has none. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardedFetchOptions {
  /** Host names or IP literals that may be on refused addresses: compared exactly with the URL's host, as the URL parser writes it. */
  allowedHosts?: string[];
  /** CA certificates (PEM) trusted besides the system's. */
  trustedCertificates?: string[];
  /** The whole fetch, redirects included: DNS, connect, headers and body. Default 5000. */
  timeoutMs?: number;
  /** The body's cap in bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Redirects followed, each target checked again. Default 3. */
  maxRedirects?: number;
  /** The DNS resolver. Default: dns.lookup with all: true. */
  lookup?: HostLookup;
  /** Sent as User-Agent. Default 'idp-gateway'. */
  userAgent?: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ALLOW_HINT = 'If this host is yours, list it in outboundFetch.allowedHosts.';
const CA_HINT = 'If the server uses a private CA, add its certificate to outboundFetch.trustedCertificates.';

const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** A URL that passed the scheme checks: where to connect and how to name it in messages. */
interface Target {
  url: URL;
  /** Scheme, host, port and path: no credentials, query or fragment. */
  shown: string;
  /** The host without IPv6 brackets. */
  host: string;
  port: number;
  /** The host is an IP literal: no DNS, no TLS server name. */
  literal: boolean;
}

/** What one request gave: a redirect to follow, or the document. */
type Exchange = { kind: 'redirect'; location: string } | { kind: 'document'; document: FetchedDocument };

/** How the URL is shown when it is refused before it is understood: no query, no fragment, not too long. */
function shownInput(input: string): string {
  return input.split(/[?#]/)[0]!.slice(0, 200);
}

function shownUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`.slice(0, 300);
}

/** Reads `input` (relative to `base` for a redirect's Location) and refuses what is not a plain https: URL. */
function targetOf(input: string, base?: Target): Target {
  const from = base ? `${base.shown} redirected to` : 'The URL';
  let url: URL;
  try {
    url = new URL(input, base?.url);
  } catch {
    throw new OutboundFetchError(
      'SCHEME',
      `${from} ${shownInput(input)}, which is not a valid absolute URL: give an https:// URL.`,
      shownInput(input),
    );
  }
  const shown = shownUrl(url);
  if (url.protocol !== 'https:') {
    const advice = base ? 'only https: redirects are followed.' : 'only https: URLs are fetched; give the https:// address.';
    throw new OutboundFetchError('SCHEME', `${from} ${shown}, a ${url.protocol} URL: ${advice}`, shown);
  }
  if (url.username || url.password) {
    const message = `${from} ${shown}, which carries a user name or password: credentials are never sent; remove them from the URL.`;
    throw new OutboundFetchError('SCHEME', message, shown);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { url, shown, host, port: Number(url.port || 443), literal: isIP(host) !== 0 };
}

/** A host as the URL parser writes it (lower case, punycode, IP literals canonical), without IPv6 brackets. */
function canonicalHost(host: string): string {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  try {
    return new URL(`https://${isIP(bare) === 6 ? `[${bare}]` : bare}/`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return bare.toLowerCase();
  }
}

/** OpenSSL's verify codes (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...) and node's TLS codes. */
const TLS_FAILURE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_|SIGNATURE|ISSUER|CHAIN|CRL|^ERR_TLS_|^ERR_SSL_|^EPROTO$/;

function isTlsFailure(error: unknown): error is NodeJS.ErrnoException {
  return TLS_FAILURE_CODE.test((error as NodeJS.ErrnoException | null)?.code ?? '');
}

function tlsError(target: Target, error: NodeJS.ErrnoException): OutboundFetchError {
  const code = error.code ?? 'TLS';
  const why = `${error.message.replace(/\.$/, '')} (${code})`;
  let advice = CA_HINT;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') advice = 'The server must renew its certificate.';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') advice = `The certificate is not valid for ${target.host}: check the host name in the URL.`;
  if (/^ERR_SSL_|^EPROTO$/.test(code)) advice = 'Check that the server speaks https on this port.';
  return new OutboundFetchError('TLS', `${target.shown}: the TLS handshake failed: ${why}. ${advice}`, target.shown);
}

function networkError(target: Target, error: unknown): OutboundFetchError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const reason = code && !message.includes(code) ? `${code}: ${message}` : message;
  return new OutboundFetchError('NETWORK', `${target.shown} could not be reached (${reason}): check the host and port.`, target.shown);
}

function timeoutError(shown: string, timeoutMs: number): OutboundFetchError {
  const message = `${shown} did not answer in full within ${timeoutMs} ms: check the server, or raise outboundFetch.timeoutMs.`;
  return new OutboundFetchError('TIMEOUT', message, shown);
}

/** Validity end of the peer's leaf certificate. */
function certificateEnd(socket: TLSSocket): Date | undefined {
  const validTo = socket.getPeerX509Certificate()?.validTo;
  const end = validTo ? new Date(validTo) : undefined;
  return end && !Number.isNaN(end.getTime()) ? end : undefined;
}

export function createGuardedFetcher(options: GuardedFetchOptions = {}): OutboundFetcher {
  const allowedHosts = new Set((options.allowedHosts ?? []).map(canonicalHost));
  const ca = options.trustedCertificates?.length ? [...rootCertificates, ...options.trustedCertificates] : undefined;
  const timeoutMs = options.timeoutMs ?? 5000;
  const fetcherCap = options.maxBytes ?? 1_048_576;
  const maxRedirects = options.maxRedirects ?? 3;
  const lookup = options.lookup ?? systemLookup;
  const userAgent = options.userAgent ?? 'idp-gateway';

  /** The addresses to connect to, in order: all of them checked unless the host is allowed. */
  async function addressesOf(target: Target): Promise<string[]> {
    let addresses: string[];
    if (target.literal) addresses = [target.host];
    else {
      try {
        addresses = (await lookup(target.host)).map(({ address }) => address);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        const message = `${target.shown}: the host ${target.host} could not be resolved (${code}): check the host name.`;
        throw new OutboundFetchError('NETWORK', message, target.shown);
      }
      if (addresses.length === 0) {
        throw new OutboundFetchError(
          'NETWORK',
          `${target.shown}: the host ${target.host} has no address: check the host name.`,
          target.shown,
        );
      }
    }
    if (allowedHosts.has(target.host)) return addresses;
    for (const address of addresses) {
      const refused = refusedAddress(address);
      if (!refused) continue;
      const verb = target.literal ? 'is' : `resolves to`;
      const message = `${target.shown} ${verb} ${describeRefusedAddress(address, refused)}: refused. ${ALLOW_HINT}`;
      throw new OutboundFetchError('ADDRESS', message, target.shown);
    }
    return addresses;
  }

  /** A TLS connection to one checked address, the certificate checked against the URL's host name. */
  function openTls(target: Target, address: string, sockets: Set<Socket>, signal: AbortSignal): Promise<TLSSocket> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({
        host: address,
        port: target.port,
        ...(target.literal ? {} : { servername: target.host }),
        ...(ca ? { ca } : {}),
        ALPNProtocols: ['http/1.1'],
        rejectUnauthorized: true,
      });
      sockets.add(socket);
      const onAbort = () => socket.destroy(new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('secureConnect', () => {
        signal.removeEventListener('abort', onAbort);
        resolve(socket);
      });
      socket.once('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(error);
      });
    });
  }

  /** Connects to the first address that answers; every address was checked before the first byte is sent. */
  async function connectChecked(target: Target, sockets: Set<Socket>, signal: AbortSignal): Promise<TLSSocket> {
    const addresses = await addressesOf(target);
    let lastError: unknown;
    for (const address of addresses) {
      if (signal.aborted) throw new Error('aborted');
      try {
        return await openTls(target, address, sockets, signal);
      } catch (error) {
        if (isTlsFailure(error)) throw tlsError(target, error);
        lastError = error;
      }
    }
    throw networkError(target, lastError);
  }

  /** One request to `target`: a redirect's Location, or the document (2xx, body under the cap). */
  async function exchange(target: Target, fetchOptions: FetchOptions, cap: number, signal: AbortSignal): Promise<Exchange> {
    const sockets = new Set<Socket>();
    let certificateValidTo: Date | undefined;
    const client = new Client(target.url.origin, {
      connect: (_options, callback) => {
        connectChecked(target, sockets, signal).then(
          (socket) => {
            certificateValidTo = certificateEnd(socket);
            callback(null, socket);
          },
          // Only OutboundFetchErrors leave the connector: undici treats some node codes (ERR_TLS_*) specially.
          (error: Error) => callback(error instanceof OutboundFetchError || signal.aborted ? error : networkError(target, error), null),
        );
      },
      pipelining: 0,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    try {
      const response = await client.request({
        path: `${target.url.pathname}${target.url.search}`,
        method: fetchOptions.method ?? 'GET',
        headers: { 'user-agent': userAgent, accept: fetchOptions.accept ?? '*/*', 'accept-encoding': 'identity' },
        signal,
      });
      const status = response.statusCode;
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      if (REDIRECT_STATUSES.has(status)) {
        const location = header('location');
        if (!location) {
          const message = `${target.shown} answered ${status} (a redirect) without a Location: the server's redirect is broken.`;
          throw new OutboundFetchError('REDIRECTS', message, target.shown);
        }
        return { kind: 'redirect', location };
      }
      if (status < 200 || status > 299) {
        const message = `${target.shown} answered HTTP ${status}, not a 2xx: check the URL (and that the server is up).`;
        throw new OutboundFetchError('HTTP_STATUS', message, target.shown, {
          status,
          ...(certificateValidTo ? { certificateValidTo } : {}),
        });
      }
      // A HEAD's Content-Length is the size of a GET's body; none follows.
      const declared = Number(header('content-length'));
      if (fetchOptions.method !== 'HEAD' && Number.isFinite(declared) && declared > cap) {
        const message = `${target.shown} announces ${declared} bytes (Content-Length), more than the ${cap} allowed: refused, nothing read.`;
        throw new OutboundFetchError('TOO_LARGE', message, target.shown);
      }
      const chunks: Buffer[] = [];
      let received = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (received > cap) {
          const message = `${target.shown} sent more than the ${cap} bytes allowed: the download was stopped.`;
          throw new OutboundFetchError('TOO_LARGE', message, target.shown);
        }
        chunks.push(chunk);
      }
      const contentType = header('content-type') ?? null;
      const document: FetchedDocument = { url: target.shown, status, contentType, body: Buffer.concat(chunks).toString('utf8') };
      if (certificateValidTo) document.certificateValidTo = certificateValidTo;
      return { kind: 'document', document };
    } finally {
      // Nothing more is read: the connection goes now, whatever state the response is in.
      for (const socket of sockets) socket.destroy();
      client.destroy().catch(() => {});
    }
  }

  async function follow(url: string, fetchOptions: FetchOptions, signal: AbortSignal, at: { target?: Target }): Promise<FetchedDocument> {
    const cap = Math.min(fetchOptions.maxBytes ?? fetcherCap, fetcherCap);
    let target = targetOf(url);
    for (let redirects = 0; ; redirects++) {
      at.target = target;
      const result = await exchange(target, fetchOptions, cap, signal);
      if (result.kind === 'document') return result.document;
      if (redirects >= maxRedirects) {
        const message = `${target.shown} redirected once more after ${maxRedirects} redirects (the most followed): check the URL for a redirect loop.`;
        throw new OutboundFetchError('REDIRECTS', message, target.shown);
      }
      target = targetOf(result.location, target);
    }
  }

  return {
    async fetch(url, fetchOptions = {}) {
      const deadline = new AbortController();
      const at: { target?: Target } = {};
      const shown = () => at.target?.shown ?? shownInput(url);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(timeoutError(shown(), timeoutMs));
          deadline.abort();
        }, timeoutMs);
      });
      try {
        return await Promise.race([follow(url, fetchOptions, deadline.signal, at), timedOut]);
      } catch (error) {
        if (error instanceof OutboundFetchError) throw error;
        const target = at.target;
        if (!target) throw new OutboundFetchError('NETWORK', `${shown()}: ${(error as Error).message}`, shown());
        // undici's own timers (set to the same length) may fire just before the deadline.
        if (/HeadersTimeout|BodyTimeout/.test((error as Error).name ?? '')) throw timeoutError(target.shown, timeoutMs);
        throw networkError(target, error);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
