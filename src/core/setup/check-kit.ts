// What the configuration checks share: how findings combine into one status, how a URL is shown in a message
// (never its credentials, query or fragment, which may hold a token someone pasted by mistake), and when an
// ending certificate (a signing one, or a server's) is warned about.
import type { ConfigurationCheck, ConfigurationCheckStatus } from './configuration.js';

const DAY_MS = 86_400_000;
/** Under this many days left, a certificate's end is warned about: time enough to roll the next one out. */
export const EXPIRY_WARNING_DAYS = 30;

/** Whole days from `now` to `end`, rounded up (a certificate ending in 4.2 days has 5 days left). */
export function daysLeft(end: Date, now: Date): number {
  return Math.ceil((end.getTime() - now.getTime()) / DAY_MS);
}

/** `5 days`, `1 day`. */
export const days = (count: number) => `${count} day${count === 1 ? '' : 's'}`;

/** One thing a check found; a check's message joins its findings and its status is the worst of them. */
export type Finding = Pick<ConfigurationCheck, 'status' | 'message'>;

const RANK: Record<ConfigurationCheckStatus, number> = { PASS: 0, WARN: 1, FAIL: 2 };

export function worst(statuses: ConfigurationCheckStatus[]): ConfigurationCheckStatus {
  return statuses.reduce<ConfigurationCheckStatus>((found, status) => (RANK[status] > RANK[found] ? status : found), 'PASS');
}

/** The URL without user info, query or fragment; text that is no URL is shown as given, cut short. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}…` : url);
  }
}

/** Whether two URLs name the same resource (scheme and host case, default port, empty path normalized). */
export function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}
