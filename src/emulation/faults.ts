// Fault injection for the vendor emulators: the spec (validated with zod, shared by the emulators' options,
// their admin endpoint and the sandbox's IDP_GATEWAY_SANDBOX_FAULTS), and the injector that decides, for each
// request an emulator receives, which faults fire. The HTTP side (sleeping, destroying the socket, holding
// the answer) is in emulator-http.ts; what is vendor-specific (the error body for a status, what "token
// expiry" means) comes from each emulator as a VendorFaultProfile.
//
// Selection: a spec fires on requests that match it (`method`, a `path` substring, and by default never the
// vendor's token endpoint), on every one of them, or on `count` of them, or on a `share` of them chosen by a
// seeded generator (the same seed and the same requests give the same choice), or on a share until `count`
// hits. No `count` and no `share`: every matching request until cleared. Latency faults add up; of the other
// kinds the first spec (in the order added) that fires decides, and the ones after it are neither drawn nor
// counted for that request. Faults never touch the admin endpoint, and the request log still records a
// faulted request (it did reach the vendor).
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';

export const FAULT_KINDS = ['latency', 'status', 'rate-limit', 'malformed', 'reset', 'hang', 'token-expiry'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const selection = {
  /** Set on add when absent; names the spec in the admin API (`DELETE /__emulator/faults/<id>`). */
  id: z.string().min(1).max(100).optional(),
  /** Fire on at most this many matching requests (with `share`: at most this many hits). */
  count: z.number().int().min(1).optional(),
  /** Fire on this share (0..1) of the matching requests, chosen by a generator seeded with `seed`. */
  share: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  /** Only requests with this HTTP method (any case). */
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, 'must be an HTTP method such as GET')
    .transform((m) => m.toUpperCase())
    .optional(),
  /** Only requests whose path (as sent, without the query) contains this, ignoring case. */
  path: z.string().min(1).optional(),
  /** The vendor's token endpoint: left alone (default), included, or the only thing faulted. */
  tokenEndpoint: z.enum(['exclude', 'include', 'only']).optional(),
  /**
   * "before" (default): the fault answers instead of the vendor, nothing changes. "after": the vendor handles
   * the request (a write lands) and then the fault spoils or withholds the answer.
   */
  when: z.enum(['before', 'after']).optional(),
};

const kinds = [
  z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000), ...selection }),
  z.strictObject({
    kind: z.literal('status'),
    status: z.number().int().min(400, 'must be an error status (400-599)').max(599, 'must be an error status (400-599)'),
    ...selection,
  }),
  z.strictObject({ kind: z.literal('rate-limit'), retryAfterSeconds: z.number().int().min(0).max(86_400).optional(), ...selection }),
  z.strictObject({ kind: z.literal('malformed'), body: z.enum(['truncated', 'garbage', 'wrong-shape']).optional(), ...selection }),
  z.strictObject({ kind: z.literal('reset'), ...selection }),
  z.strictObject({ kind: z.literal('hang'), ...selection }),
  z.strictObject({ kind: z.literal('token-expiry'), ...selection }),
] as const;

export const faultSpecSchema = z
  .discriminatedUnion('kind', kinds, { error: `kind must be one of ${FAULT_KINDS.join(', ')}` })
  .superRefine((spec, ctx) => {
    if (spec.kind !== 'token-expiry') return;
    if (spec.when === 'after')
      ctx.addIssue({ code: 'custom', path: ['when'], message: 'token-expiry acts before the request is handled; "after" does not apply' });
    if (spec.tokenEndpoint === 'only')
      ctx.addIssue({
        code: 'custom',
        path: ['tokenEndpoint'],
        message: 'token-expiry concerns the calls that use a token, not the token endpoint',
      });
  });

/** A fault as written (constructor option, admin endpoint body, sandbox env entry without `vendor`). */
export type FaultSpec = z.input<typeof faultSpecSchema>;
type ParsedSpec = z.output<typeof faultSpecSchema>;

/** A fault as the emulator holds it: the spec with its id, plus what it did so far. */
export type FaultState = ParsedSpec & {
  id: string;
  /** Matching requests seen while the spec was active. */
  matched: number;
  /** Requests the fault fired on. */
  hits: number;
  /** False once `count` hits are spent. */
  active: boolean;
};

export class FaultSpecError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid fault spec:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  return `${path || '(spec)'}: ${issue.message}`;
}

/** Validates one spec; the problems name the field (`share: Too big: expected number to be <=1`). */
export function parseFaultSpec(raw: unknown): ParsedSpec {
  const parsed = faultSpecSchema.safeParse(raw);
  if (!parsed.success) throw new FaultSpecError(parsed.error.issues.map(describeIssue));
  return parsed.data;
}

/** Validates a spec or a list of specs; problems of a list are prefixed with the entry's index. */
export function parseFaultSpecs(raw: unknown): ParsedSpec[] {
  if (!Array.isArray(raw)) return [parseFaultSpec(raw)];
  const problems: string[] = [];
  const specs: ParsedSpec[] = [];
  raw.forEach((entry, index) => {
    const parsed = faultSpecSchema.safeParse(entry);
    if (parsed.success) specs.push(parsed.data);
    else problems.push(...parsed.error.issues.map((issue) => `[${index}] ${describeIssue(issue)}`));
  });
  if (problems.length > 0) throw new FaultSpecError(problems);
  return specs;
}

/** The request facts a spec is matched on (the emulator's recorded request). */
export interface FaultRequest {
  method: string;
  path: string;
}

/** What a fault answer needs from the vendor's emulator; everything else is generic. */
export interface VendorFaultProfile<Req extends FaultRequest = FaultRequest> {
  /** The vendor's own error answer for an HTTP status (its envelope and content type for that status). */
  errorReply(status: number, req: Req): { status: number; headers?: Record<string, string>; body?: unknown };
  /** The endpoint that issues tokens, if the vendor has one: left out of faults unless a spec asks. */
  isTokenEndpoint?(req: FaultRequest): boolean;
  /**
   * token-expiry. `expireTokens`: a vendor that issues tokens makes them all expire, and the request goes on
   * to meet the vendor's own expired-token answer (a token issued afterwards works). `refuse`: a vendor with
   * static credentials answers the request as it answers a revoked or expired credential.
   */
  tokenExpiry: { expireTokens(): void } | { refuse(req: Req): { status: number; headers?: Record<string, string>; body?: unknown } };
}

/** A body a client cannot use as the vendor's answer: cut off, not JSON at all, or JSON of the wrong shape. */
export function malformedBody(style: 'truncated' | 'garbage' | 'wrong-shape', real?: unknown): string {
  if (style === 'garbage') return '\u0000\u001f\u008b garbage {{{ ]] "unterminated';
  if (style === 'wrong-shape') return JSON.stringify([{ emulatorFault: 'wrong-shape' }, 42, null]);
  const text =
    real !== undefined && typeof real !== 'string'
      ? JSON.stringify(real)
      : '{"result":[{"id":"emulator-fault","name":"truncated answer","items":[1,2,3]}]}';
  // Cut inside the text so no prefix is valid JSON (at least one opening brace stays unclosed).
  return text.slice(0, Math.max(2, Math.floor(text.length / 2)));
}

export const statusPhrase = (status: number): string => STATUS_CODES[status] ?? 'Error';

/** A small seedable generator (mulberry32): deterministic shares for tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const DEFAULT_FAULT_SEED = 1;

/** Adds, lists and clears an emulator's faults (in code; the admin endpoint does the same over HTTP). */
export interface FaultController {
  /** Validates and adds; throws FaultSpecError naming the bad field. Returns the added faults. */
  add(spec: FaultSpec | FaultSpec[]): FaultState[];
  list(): FaultState[];
  /** Clears one fault (by id) or all; hung requests of a cleared fault go on. Returns how many were cleared. */
  clear(id?: string): number;
}

/** What the faults that fired do to one request. */
export interface FaultPlan {
  /** Total latency, before handling and after (the answer is late). */
  delayBeforeMs: number;
  delayAfterMs: number;
  /** The deciding fault, if one fired. */
  fault?: FaultState;
}

interface Entry {
  state: FaultState;
  random: () => number;
  /** Hung requests waiting for this fault to be cleared. */
  waiters: Set<() => void>;
}

/** The faults of one emulator. */
export class FaultInjector implements FaultController {
  private readonly entries: Entry[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly isTokenEndpoint: ((req: FaultRequest) => boolean) | undefined,
    initial: FaultSpec[] = [],
  ) {
    if (initial.length > 0) this.add(initial);
  }

  add(spec: FaultSpec | FaultSpec[]): FaultState[] {
    const parsed = parseFaultSpecs(spec);
    const taken = new Set(this.entries.map((e) => e.state.id));
    const added: FaultState[] = [];
    const problems: string[] = [];
    for (const one of parsed) {
      if (one.id === undefined) continue;
      if (taken.has(one.id)) problems.push(`id: a fault with id "${one.id}" already exists`);
      taken.add(one.id);
    }
    if (problems.length > 0) throw new FaultSpecError(problems);
    for (const one of parsed) {
      let id = one.id;
      while (id === undefined) {
        const candidate = `f${this.nextId++}`;
        if (!taken.has(candidate)) id = candidate;
      }
      taken.add(id);
      const state: FaultState = { ...one, id, matched: 0, hits: 0, active: true };
      this.entries.push({ state, random: seededRandom(one.seed ?? DEFAULT_FAULT_SEED), waiters: new Set() });
      added.push(snapshot(state));
    }
    return added;
  }

  list(): FaultState[] {
    return this.entries.map((e) => snapshot(e.state));
  }

  clear(id?: string): number {
    let cleared = 0;
    for (let index = this.entries.length - 1; index >= 0; index--) {
      const entry = this.entries[index]!;
      if (id !== undefined && entry.state.id !== id) continue;
      this.entries.splice(index, 1);
      for (const release of entry.waiters) release();
      cleared++;
    }
    return cleared;
  }

  /** Decides which faults fire on this request (counting hits and drawing shares as it goes). */
  plan(req: FaultRequest): FaultPlan {
    const plan: FaultPlan = { delayBeforeMs: 0, delayAfterMs: 0 };
    for (const entry of this.entries) {
      const { state } = entry;
      if (!state.active || !this.matches(state, req)) continue;
      if (state.kind !== 'latency' && plan.fault) continue;
      state.matched++;
      if (state.share !== undefined && !(entry.random() < state.share)) continue;
      state.hits++;
      if (state.count !== undefined && state.hits >= state.count) state.active = false;
      if (state.kind === 'latency') {
        if (state.when === 'after') plan.delayAfterMs += state.ms;
        else plan.delayBeforeMs += state.ms;
      } else {
        plan.fault = state;
      }
    }
    return plan;
  }

  /** Resolves when the hung fault is cleared ("released") or the emulator closes ("closed"). */
  waitUntilCleared(fault: FaultState): Promise<'released' | 'closed'> {
    const entry = this.entries.find((e) => e.state.id === fault.id);
    if (this.closed) return Promise.resolve('closed');
    if (!entry) return Promise.resolve('released');
    return new Promise((resolve) => {
      const release = () => {
        entry.waiters.delete(release);
        resolve(this.closed ? 'closed' : 'released');
      };
      entry.waiters.add(release);
    });
  }

  /** Lets every hung request go (as closed): the emulator is stopping. */
  close(): void {
    this.closed = true;
    for (const entry of this.entries) for (const release of [...entry.waiters]) release();
  }

  private matches(spec: FaultState, req: FaultRequest): boolean {
    const token = this.isTokenEndpoint?.(req) ?? false;
    const mode = spec.tokenEndpoint ?? 'exclude';
    if (token && mode === 'exclude') return false;
    if (!token && mode === 'only') return false;
    if (spec.method !== undefined && spec.method !== req.method.toUpperCase()) return false;
    if (spec.path !== undefined && !req.path.toLowerCase().includes(spec.path.toLowerCase())) return false;
    return true;
  }
}

function snapshot(state: FaultState): FaultState {
  return { ...state };
}
