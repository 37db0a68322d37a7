// Who may do what: API tokens (compared by SHA-256, in constant time), roles, and the connections a token
// is limited to. The HTTP layer (src/security.ts) turns a request into a Principal; GraphQL enforces the
// roles with scope-auth (src/graphql/builder.ts) and the connection limits here, so that a connection
// outside a token's list reads exactly like one that is not configured.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuditFilter } from '../store/audit.js';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** One entry of the config file's `tokens`: the token itself is never stored, only its SHA-256. */
export interface ApiTokenConfig {
  /** Names the caller: the audit trail's `actor`. */
  name: string;
  /** Lower-case hex SHA-256 of the token's UTF-8 bytes. */
  sha256: string;
  role: Role;
  /** The connections this token may see and change; absent = every connection. */
  connections?: string[];
}

/** The caller of one request. */
export interface Principal {
  /** The audit actor: the token's name, or the anonymous actor of a gateway without tokens (sandbox). */
  name: string;
  role: Role;
  /** The connections visible to the caller; null = every connection. */
  connections: ReadonlySet<string> | null;
  /** True for the anonymous admin of a gateway without tokens (allowed only on loopback). */
  anonymous: boolean;
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** viewer < operator < admin: each role has every right of the roles below it. */
export function hasRole(principal: Principal, role: Role): boolean {
  return RANK[principal.role] >= RANK[role];
}

export function canSeeConnection(principal: Principal, connectionId: string): boolean {
  return principal.connections === null || principal.connections.has(connectionId);
}

/** The lower-case hex SHA-256 of a token, as the config file holds it. */
export function tokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function anonymousAdmin(actor: string): Principal {
  return { name: actor, role: 'admin', connections: null, anonymous: true };
}

/** The outcome of reading the Authorization header. */
export type Authentication = { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'malformed' | 'invalid' };

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

/** Tokens of at most this length are hashed; anything longer is refused unread (no hashing of megabytes). */
const MAX_TOKEN_LENGTH = 512;

export class TokenAuthenticator {
  private readonly entries: Array<{ digest: Buffer; principal: Principal }>;

  constructor(tokens: readonly ApiTokenConfig[]) {
    this.entries = tokens.map((token) => ({
      digest: Buffer.from(token.sha256.toLowerCase(), 'hex'),
      principal: {
        name: token.name,
        role: token.role,
        connections: token.connections ? new Set(token.connections) : null,
        anonymous: false,
      },
    }));
  }

  authenticate(authorization: string | null | undefined): Authentication {
    if (!authorization) return { ok: false, reason: 'missing' };
    const match = BEARER.exec(authorization);
    if (!match || match[1]!.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
    const digest = createHash('sha256').update(match[1]!, 'utf8').digest();
    // Every configured digest is compared, each in constant time: the time taken says nothing about
    // which token (or how much of one) matched.
    let found: Principal | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest) && !found) found = entry.principal;
    }
    return found ? { ok: true, principal: found } : { ok: false, reason: 'invalid' };
  }
}

/**
 * The audit filter narrowed to what the caller may read: an admin reads every event (of its connections),
 * a viewer or operator only the events it caused itself. null: nothing can match (read nothing).
 */
export function restrictAuditFilter(filter: AuditFilter, principal: Principal): AuditFilter | null {
  let restricted: AuditFilter = filter;
  if (principal.connections !== null) restricted = { ...restricted, connectionIds: [...principal.connections] };
  if (!hasRole(principal, 'admin')) {
    if (restricted.actor !== undefined && restricted.actor !== principal.name) return null;
    restricted = { ...restricted, actor: principal.name };
  }
  return restricted;
}
