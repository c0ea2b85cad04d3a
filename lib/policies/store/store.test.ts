// One suite, three counter stores: in-process (embedded database), PostgreSQL and Redis (with
// PostgreSQL holding the spend), each against the real service. The clock is the caller's, so
// window edges are tested to the millisecond without waiting.
import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { applyMigrations } from "@/lib/migrations";
import { MemoryStore } from "@/lib/policies/store/memory";
import { PostgresStore } from "@/lib/policies/store/postgres";
import { RedisStore } from "@/lib/policies/store/redis";
import type { AdmitRequest, BudgetCheck, CounterStore, Spend } from "@/lib/policies/store/types";

const PG_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
const dbName = `keygate_store_${randomBytes(5).toString("hex")}`;
let pool: pg.Pool;

const query = async <T,>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${dbName}`;
  pool = new pg.Pool({ connectionString: url.toString(), max: 20 });
  // DROP DATABASE … WITH (FORCE) at the end ends connections the pool is still closing.
  pool.on("error", () => undefined);
  const client = await pool.connect();
  try {
    await applyMigrations({ query: async (sql, params) => (await client.query(sql, params)).rows, exec: async (sql) => void (await client.query(sql)) });
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await pool?.end();
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
});

async function readSpend(keyId: string, period: string, start: number): Promise<Spend> {
  const rows = await query<{ tokens: string; cost: string }>(
    `SELECT "tokens"::text AS tokens, "costNanoUsd"::text AS cost FROM "KeySpend" WHERE "apiKeyId" = $1 AND "period" = $2 AND "periodStart" = $3`,
    [keyId, period, new Date(start).toISOString().slice(0, -1)],
  );
  return { tokens: Number(rows[0]?.tokens ?? 0), costNanoUsd: Number(rows[0]?.cost ?? 0) };
}

/** What the usage batch does in production: the spend into KeySpend, the settled lease gone. */
async function writeSpendToDb(keyId: string, budget: BudgetCheck, spend: Spend, leaseId: string | null): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "KeySpend" ("apiKeyId", "period", "periodStart", "tokens", "costNanoUsd") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("apiKeyId", "period", "periodStart") DO UPDATE SET "tokens" = "KeySpend"."tokens" + EXCLUDED."tokens",
         "costNanoUsd" = "KeySpend"."costNanoUsd" + EXCLUDED."costNanoUsd"`,
      [keyId, budget.period, new Date(budget.periodStart).toISOString().slice(0, -1), spend.tokens, spend.costNanoUsd],
    );
    if (leaseId) await client.query(`DELETE FROM "PolicyLease" WHERE "id" = $1`, [leaseId]);
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}

interface Harness {
  store: CounterStore;
  /** A second instance on the same shared state (null for the in-process store). */
  peer: CounterStore | null;
  /** The usage batch for a settled request has been written. */
  written(keyId: string, budget: BudgetCheck, spend: Spend, leaseId: string | null): Promise<void>;
  /** The instance died without releasing anything. */
  kill(store: CounterStore): Promise<void>;
}

const harnesses: Record<string, () => Promise<Harness>> = {
  memory: async () => {
    const store = new MemoryStore();
    return {
      store,
      peer: null,
      written: async (keyId, budget, spend, leaseId) => store.recorded(keyId, budget.periodStart || Date.now(), spend, leaseId),
      kill: async () => undefined,
    };
  },
  postgresql: async () => {
    const store = new PostgresStore(query);
    const peer = new PostgresStore(query);
    await store.start();
    await peer.start();
    return {
      store,
      peer,
      written: writeSpendToDb,
      kill: async (s) => {
        await (s as PostgresStore).close().catch(() => undefined);
      },
    };
  },
  redis: async () => {
    const store = new RedisStore(REDIS_URL, readSpend);
    const peer = new RedisStore(REDIS_URL, readSpend);
    await store.start();
    await peer.start();
    return {
      store,
      peer,
      written: async (keyId, budget, spend, leaseId) => {
        await writeSpendToDb(keyId, budget, spend, null);
        if (leaseId) await store.forget([{ keyId, leaseId }]);
      },
      kill: async (s) => {
        await (s as RedisStore).close();
      },
    };
  },
};

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0); // a whole second

function request(keyId: string, patch: Partial<AdmitRequest> = {}): AdmitRequest {
  return { keyId, leaseId: randomUUID(), nowMs: T0, maxConcurrent: null, rpmLimit: null, tpmLimit: null, budget: null, ...patch };
}

function budget(patch: Partial<BudgetCheck> = {}): BudgetCheck {
  return { period: "month", periodStart: Date.UTC(2026, 11, 1), tokenLimit: null, costLimitNanoUsd: null, tokens: 0, costNanoUsd: 0, ...patch };
}

describe.each(Object.keys(harnesses))("%s counter store", (kind) => {
  let h: Harness;
  const key = () => `key_${randomBytes(6).toString("hex")}`;

  beforeAll(async () => {
    h = await harnesses[kind]!();
  });
  afterAll(async () => {
    await h?.store.close();
    await h?.peer?.close();
  });

  test("requests per minute: the limit within any 60 s, refusals not counted, room again to the second", async () => {
    const k = key();
    const at = (ms: number, patch: Partial<AdmitRequest> = {}) => h.store.admit(request(k, { rpmLimit: 3, nowMs: T0 + ms, ...patch }));
    expect((await at(0)).ok).toBe(true);
    expect((await at(10_000)).ok).toBe(true);
    expect((await at(20_000)).ok).toBe(true);
    for (let i = 0; i < 5; i++) {
      const refused = await at(30_000 + i);
      expect(refused).toMatchObject({ ok: false, reason: "requests" });
    }
    // The first request leaves the window at T0 + 60 s, not a moment before.
    expect((await at(59_999)).ok).toBe(false);
    expect((await at(60_000)).ok).toBe(true);
    // The five refusals took nothing: the next one that fits is the one after the second request leaves.
    expect((await at(69_999)).ok).toBe(false);
    expect((await at(70_000)).ok).toBe(true);
  });

  test("tokens per minute: admitted while the window has room, charged when usage is known", async () => {
    const k = key();
    const admitted = await h.store.admit(request(k, { tpmLimit: 100 }));
    expect(admitted.ok).toBe(true);
    await h.store.settle({ keyId: k, leaseId: null, nowMs: T0 + 1000, windowTokens: 150, spend: { tokens: 150, costNanoUsd: 0 }, period: null, periodStart: null });
    const refused = await h.store.admit(request(k, { tpmLimit: 100, nowMs: T0 + 2000 }));
    expect(refused).toMatchObject({ ok: false, reason: "tokens" });
    expect(refused.state.tokens).toEqual([[T0 / 1000 + 1, 150]]);
    expect((await h.store.admit(request(k, { tpmLimit: 100, nowMs: T0 + 61_000 }))).ok).toBe(true);
  });

  test("concurrency: slots held while in flight, freed by settle and by release", async () => {
    const k = key();
    const a = request(k, { maxConcurrent: 2 });
    const b = request(k, { maxConcurrent: 2 });
    expect((await h.store.admit(a)).ok).toBe(true);
    expect((await h.store.admit(b)).ok).toBe(true);
    expect(await h.store.admit(request(k, { maxConcurrent: 2 }))).toMatchObject({ ok: false, reason: "concurrency", state: { inFlight: 2 } });
    await h.store.release(k, a.leaseId);
    const c = request(k, { maxConcurrent: 2 });
    expect((await h.store.admit(c)).ok).toBe(true);
    await h.store.settle({ keyId: k, leaseId: b.leaseId, nowMs: T0, windowTokens: 0, spend: { tokens: 5, costNanoUsd: 0 }, period: null, periodStart: null });
    expect((await h.store.admit(request(k, { maxConcurrent: 2 }))).ok).toBe(true);
    expect((await h.store.inspect({ keyId: k, nowMs: T0, rpm: false, tpm: false, budget: null })).inFlight).toBe(2);
  });

  test("a refusal by a later check takes no slot and counts no request", async () => {
    const k = key();
    const b = budget({ tokenLimit: 10, tokens: 20 });
    const refused = await h.store.admit(request(k, { maxConcurrent: 1, rpmLimit: 1, budget: b }));
    expect(refused).toMatchObject({ ok: false, reason: "budget" });
    const state = await h.store.inspect({ keyId: k, nowMs: T0, rpm: true, tpm: false, budget: b });
    expect(state.inFlight).toBe(0);
    expect(state.requests).toEqual([]);
    expect((await h.store.admit(request(k, { maxConcurrent: 1, rpmLimit: 1 }))).ok).toBe(true);
  });

  test("budget: reservations count until settled, the real spend replaces them", async () => {
    const k = key();
    const b = budget({ tokenLimit: 100, tokens: 30 });
    const first = request(k, { budget: b });
    expect((await h.store.admit(first)).ok).toBe(true);
    expect((await h.store.admit(request(k, { budget: b }))).ok).toBe(true);
    expect((await h.store.admit(request(k, { budget: b }))).ok).toBe(true);
    expect(await h.store.admit(request(k, { budget: b }))).toMatchObject({ ok: false, reason: "budget", state: { reserved: { tokens: 90 } } });
    // The first answer used 10 tokens, not 30: 10 + 60 reserved leaves room for one more of 30.
    await h.store.settle({ keyId: k, leaseId: first.leaseId, nowMs: T0, windowTokens: 0, spend: { tokens: 10, costNanoUsd: 0 }, period: b.period, periodStart: b.periodStart });
    expect((await h.store.inspect({ keyId: k, nowMs: T0, rpm: false, tpm: false, budget: b })).reserved.tokens).toBe(70);
    await h.written(k, b, { tokens: 10, costNanoUsd: 0 }, first.leaseId);
    const state = await h.store.inspect({ keyId: k, nowMs: T0, rpm: false, tpm: false, budget: b });
    expect(state.spent.tokens).toBe(10);
    expect(state.reserved.tokens).toBe(60);
    expect((await h.store.admit(request(k, { budget: b }))).ok).toBe(true);
    expect((await h.store.admit(request(k, { budget: b }))).ok).toBe(false);
    // Another period starts whole.
    expect((await h.store.admit(request(k, { budget: { ...b, periodStart: Date.UTC(2027, 0, 1) } }))).ok).toBe(true);
  });

  test("cost budget in nano-dollars", async () => {
    const k = key();
    const b = budget({ costLimitNanoUsd: 1_000_000, costNanoUsd: 400_000 });
    expect((await h.store.admit(request(k, { budget: b }))).ok).toBe(true);
    expect((await h.store.admit(request(k, { budget: b }))).ok).toBe(true);
    expect(await h.store.admit(request(k, { budget: b }))).toMatchObject({ ok: false, reason: "budget", state: { reserved: { costNanoUsd: 800_000 } } });
  });

  test("parallel admissions against a budget that fits 10 admit exactly 10", async () => {
    const k = key();
    const b = budget({ tokenLimit: 1000, tokens: 100 });
    const stores = h.peer ? [h.store, h.peer] : [h.store];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => stores[i % stores.length]!.admit(request(k, { budget: b, maxConcurrent: 50 }))));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  test("parallel admissions against 20 requests a minute admit exactly 20", async () => {
    const k = key();
    const stores = h.peer ? [h.store, h.peer] : [h.store];
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => stores[i % stores.length]!.admit(request(k, { rpmLimit: 20, nowMs: T0 + i }))));
    expect(results.filter((r) => r.ok)).toHaveLength(20);
  });

  test.runIf(kind === "memory")("an admission reports the key's state right after it, as inspect() then reads it", async () => {
    const step = fc.record({
      rpm: fc.boolean(),
      tpm: fc.boolean(),
      slot: fc.boolean(),
      budgeted: fc.boolean(),
      tokens: fc.integer({ min: 0, max: 500 }),
      settle: fc.constantFrom("no", "settle", "release"),
      afterMs: fc.integer({ min: 0, max: 30_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const k = key();
        let now = T0;
        for (const s of steps) {
          now += s.afterMs;
          const b = s.budgeted ? budget({ tokenLimit: 1e12, tokens: s.tokens, costNanoUsd: s.tokens * 7 }) : null;
          const r = request(k, { nowMs: now, rpmLimit: s.rpm ? 1e6 : null, tpmLimit: s.tpm ? 1e9 : null, maxConcurrent: s.slot ? 1000 : null, budget: b });
          const admitted = await h.store.admit(r);
          expect(admitted.ok).toBe(true);
          const seen = await h.store.inspect({ keyId: k, nowMs: now, rpm: true, tpm: true, budget: b && { period: b.period, periodStart: b.periodStart } });
          expect(admitted.state).toEqual(seen);
          const spend = { tokens: s.tokens, costNanoUsd: s.tokens * 5 };
          if (s.settle === "settle") await h.store.settle({ keyId: k, leaseId: r.leaseId, nowMs: now, windowTokens: s.tpm ? s.tokens : 0, spend, period: b?.period ?? null, periodStart: b?.periodStart ?? null });
          if (s.settle === "release") await h.store.release(k, r.leaseId);
        }
      }),
      { numRuns: 150 },
    );
  });

  test.runIf(kind !== "memory")("slots and reservations of an instance that died stop counting", async () => {
    const k = key();
    const b = budget({ tokenLimit: 100, tokens: 100 });
    const doomed = kind === "postgresql" ? new PostgresStore(query) : new RedisStore(REDIS_URL, readSpend);
    await (doomed as PostgresStore | RedisStore).start();
    expect((await doomed.admit(request(k, { maxConcurrent: 1, budget: b }))).ok).toBe(true);
    expect((await h.store.admit(request(k, { maxConcurrent: 1, budget: b }))).ok).toBe(false);
    await h.kill(doomed);
    expect((await h.store.admit(request(k, { maxConcurrent: 1, budget: b }))).ok).toBe(true);
  });

  test.runIf(kind === "redis")("spend written while Redis had no mirror of it is read from KeySpend, not lost", async () => {
    const k = key();
    const b = budget({ tokenLimit: 100, tokens: 30 });
    const first = request(k, { budget: b });
    expect((await h.store.admit(first)).ok).toBe(true);
    await h.store.settle({ keyId: k, leaseId: first.leaseId, nowMs: T0, windowTokens: 0, spend: { tokens: 25, costNanoUsd: 0 }, period: b.period, periodStart: b.periodStart });
    // The mirror expires before the batch lands (its TTL, or a Redis restart).
    const probe = new Redis(REDIS_URL);
    await probe.del(`kg:{${k}}:s:${b.period}:${b.periodStart}`);
    await h.written(k, b, { tokens: 25, costNanoUsd: 0 }, first.leaseId);
    expect(Number(await probe.get(`kg:{${k}}:g:${b.period}:${b.periodStart}`))).toBe(1);
    probe.disconnect();
    const state = await h.store.admit(request(k, { budget: b }));
    expect(state).toMatchObject({ ok: true, state: { spent: { tokens: 25 } } });
    expect((await h.store.admit(request(k, { budget: b }))).ok).toBe(true);
    expect((await h.store.admit(request(k, { budget: b }))).ok).toBe(false);
  });

  test.runIf(kind === "postgresql")("an instance that stops heartbeating loses its leases after 30 s", async () => {
    const k = key();
    const silent = new PostgresStore(query);
    await silent.start();
    expect((await silent.admit(request(k, { maxConcurrent: 1 }))).ok).toBe(true);
    expect((await h.store.admit(request(k, { maxConcurrent: 1 }))).ok).toBe(false);
    await query(`UPDATE "PolicyInstance" SET "seenAt" = "seenAt" - interval '31 seconds' WHERE "id" = $1`, [silent.instanceId]);
    expect((await h.store.admit(request(k, { maxConcurrent: 1 }))).ok).toBe(true);
    await silent.close();
  });

  test.runIf(kind === "postgresql")("without timers (serverless), a thawed instance heartbeats before it admits, so its lease counts", async () => {
    const k = key();
    const thawed = new PostgresStore(query, { timers: false });
    await thawed.start();
    try {
      expect((thawed as unknown as { timer: unknown }).timer).toBeUndefined();
      // Frozen for 31 s: the others no longer count its leases, and its own last heartbeat is old.
      await query(`UPDATE "PolicyInstance" SET "seenAt" = "seenAt" - interval '31 seconds' WHERE "id" = $1`, [thawed.instanceId]);
      const realNow = Date.now.bind(Date);
      const clock = vi.spyOn(Date, "now").mockImplementation(() => realNow() + 31_000);
      try {
        expect((await thawed.admit(request(k, { maxConcurrent: 1 }))).ok).toBe(true);
      } finally {
        clock.mockRestore();
      }
      expect((await h.store.admit(request(k, { maxConcurrent: 1 }))).ok).toBe(false);
    } finally {
      await thawed.close();
    }
  });

  test.runIf(kind === "postgresql")("without timers (serverless), a held lease keeps a heartbeat going until it is settled or released", async () => {
    const k = key();
    const store = new PostgresStore(query, { timers: false });
    await store.start();
    const keepAlive = () => (store as unknown as { keepAlive: { running: boolean } }).keepAlive.running;
    try {
      expect(keepAlive()).toBe(false);
      const first = request(k, { maxConcurrent: 2 });
      const second = request(k, { maxConcurrent: 2 });
      expect((await store.admit(first)).ok).toBe(true);
      expect((await store.admit(second)).ok).toBe(true);
      // A long stream: its slot must outlive the 30 s staleness window, so the instance heartbeats.
      expect(keepAlive()).toBe(true);
      await store.settle({ keyId: k, leaseId: first.leaseId, nowMs: T0, windowTokens: 0, spend: { tokens: 0, costNanoUsd: 0 }, period: null, periodStart: 0 });
      expect(keepAlive()).toBe(true);
      await store.release(k, second.leaseId);
      expect(keepAlive()).toBe(false);
      // Without a slot or budget there is no lease, and no timer.
      expect((await store.admit(request(k, {}))).ok).toBe(true);
      expect(keepAlive()).toBe(false);
    } finally {
      await store.close();
    }
  });

  test.runIf(kind === "postgresql")("a database outage is logged once by the heartbeat, and its end once", async () => {
    let down = false;
    const flaky: typeof query = async (sql, params) => {
      if (down) throw new Error("connection refused");
      return query(sql, params);
    };
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const store = new PostgresStore(flaky);
    try {
      await store.start();
      // What the 5 s interval calls on each tick.
      const tick = () => (store as unknown as { beat(): Promise<void> }).beat();
      down = true;
      for (let i = 0; i < 4; i++) await tick();
      down = false;
      for (let i = 0; i < 2; i++) await tick();
      const lines = errors.mock.calls.map((c) => String(c[0]));
      expect(lines.filter((l) => l.includes("policy heartbeat failed"))).toHaveLength(1);
      expect(lines.filter((l) => l.includes("answers again"))).toHaveLength(1);
    } finally {
      await store.close();
      errors.mockRestore();
    }
  });
});
