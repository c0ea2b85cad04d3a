import type { PostgresStore } from "@/lib/policies/store/postgres";
import type { RedisStore } from "@/lib/policies/store/redis";
import type { AdmitRequest, CounterStore, InspectRequest, SettleRequest, StoreAdmission, StoreState } from "@/lib/policies/store/types";

const RETRY_MS = 5_000;

/**
 * Redis first, PostgreSQL while Redis is away: an outage never opens the gates, it only costs a
 * database round trip per admission until Redis answers again. Each lease is settled where it was taken.
 */
export class FailoverStore implements CounterStore {
  readonly kind = "redis" as const;
  private downUntil = 0;
  private readonly fallbackLeases = new Set<string>();

  constructor(
    readonly redis: RedisStore,
    readonly postgres: PostgresStore,
  ) {}

  /** Redis did not answer at start: use PostgreSQL until a retry reaches it. */
  markDown(): void {
    this.down(new Error("not connected"));
  }

  private usable(): boolean {
    if (Date.now() < this.downUntil) return false;
    return true;
  }

  private down(error: unknown): void {
    if (Date.now() >= this.downUntil) {
      console.error(`[keygate] Redis unavailable (${(error as Error).message}): counting key limits in PostgreSQL until it is back`);
    }
    this.downUntil = Date.now() + RETRY_MS;
    void this.redis.revive().then(
      () => {
        if (this.downUntil > 0) console.log("[keygate] Redis is back: counting key limits in Redis again");
        this.downUntil = 0;
      },
      () => undefined,
    );
  }

  async admit(r: AdmitRequest): Promise<StoreAdmission> {
    if (this.usable()) {
      try {
        return await this.redis.admit(r);
      } catch (error) {
        this.down(error);
      }
    }
    const result = await this.postgres.admit(r);
    if (result.ok && result.leased) this.fallbackLeases.add(r.leaseId);
    return result;
  }

  async settle(r: SettleRequest): Promise<void> {
    if (r.leaseId && this.fallbackLeases.delete(r.leaseId)) return this.postgres.settle(r);
    try {
      await this.redis.settle(r);
    } catch (error) {
      this.down(error);
    }
  }

  async release(keyId: string, leaseId: string): Promise<void> {
    if (this.fallbackLeases.delete(leaseId)) return this.postgres.release(keyId, leaseId);
    try {
      await this.redis.release(keyId, leaseId);
    } catch (error) {
      this.down(error);
    }
  }

  async forget(leases: { keyId: string; leaseId: string }[]): Promise<void> {
    try {
      await this.redis.forget(leases);
    } catch (error) {
      this.down(error);
    }
  }

  async inspect(r: InspectRequest): Promise<StoreState> {
    if (this.usable()) {
      try {
        return await this.redis.inspect(r);
      } catch (error) {
        this.down(error);
      }
    }
    return this.postgres.inspect(r);
  }

  async close(): Promise<void> {
    await this.redis.close();
    await this.postgres.close();
  }
}
