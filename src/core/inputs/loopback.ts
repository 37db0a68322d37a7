// Which hosts are this machine: 127.0.0.0/8, ::1 (also IPv4-mapped ::ffff:127.x.y.z) and localhost (with
// its subdomains, RFC 6761). Plain-HTTP vendor base URLs are allowed only there (config.ts).
import { isIP } from 'node:net';

/** `host` as a URL's hostname gives it (IPv6 in brackets or not). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) !== 6) return false;
  // The URL parser writes an IPv6 address in its shortest form (and an IPv4-mapped one in hex).
  const short = new URL(`http://[${bare}]/`).hostname;
  return short === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(short);
}
