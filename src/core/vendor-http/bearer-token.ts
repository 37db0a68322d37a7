// A cached bearer token for vendors that hand out client-credential tokens (Akamai, 2sms, Huawei).
// One fetch at a time (single-flight), renewed shortly before it expires, and fetched again once when the
// vendor says the token it was given has expired.
export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
  /** Other secrets issued with it and never used (2sms's refresh token): retired together with it. */
  companions?: string[];
}

/** How long past its computed expiry a replaced token is still treated as live (clocks differ). */
export const RETIRE_AFTER_EXPIRY_MS = 5 * 60_000;

export class BearerTokenCache {
  private current: { token: string; expiresAt: number; companions: string[] } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    /** Renew this long before the vendor's expiry, so a token never dies in flight. */
    private readonly renewBeforeMs = 60_000,
    private readonly now: () => number = Date.now,
    /** Told of a token that was replaced, and when it is dead at the vendor (SecretRegistry.retire). */
    private readonly retire: (token: string, deadAt: number) => void = () => {},
  ) {}

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.expiresAt - this.renewBeforeMs) return this.current.token;
    this.inflight ??= this.issue()
      .then(({ token, expiresInSeconds, companions = [] }) => {
        this.retireCurrent();
        this.current = { token, expiresAt: this.now() + expiresInSeconds * 1000, companions };
        return token;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  /** Forget `token` (if it is still the current one), so the next `get` issues a new one. */
  invalidate(token: string): void {
    if (this.current?.token !== token) return;
    this.retireCurrent();
    this.current = null;
  }

  private retireCurrent(): void {
    if (!this.current) return;
    const deadAt = this.current.expiresAt + RETIRE_AFTER_EXPIRY_MS;
    for (const secret of [this.current.token, ...this.current.companions]) this.retire(secret, deadAt);
  }

  /**
   * Calls `send` with a token; when the answer says the token expired, renews it once and calls again.
   * `isExpired` is the vendor's rule (Akamai: 403, 2sms and Huawei: 401).
   */
  async withToken<R>(send: (token: string) => Promise<R>, isExpired: (result: R) => boolean): Promise<R> {
    const token = await this.get();
    const first = await send(token);
    if (!isExpired(first)) return first;
    this.invalidate(token);
    return send(await this.get());
  }
}
