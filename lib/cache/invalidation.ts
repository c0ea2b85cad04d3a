import "server-only";
import { getDb, getDbKind } from "@/lib/db";
import { errorSummary } from "@/lib/db-unavailable";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/singleton";

// Caches of keys, settings and providers are cleared on every change made here, and other
// instances sharing a PostgreSQL database see the change through a version row polled twice a second
// (serverless: read on the request path when the last look is older than a second).
const VERSION_KEY = "sync.version";
const POLL_MS = 500;
const STALE_MS = 1_000;

const state = processSingleton("invalidation", () => ({
  listeners: new Set<() => void>(),
  seen: undefined as number | undefined,
  timer: undefined as NodeJS.Timeout | undefined,
  generation: 0,
  polling: false,
  failing: false,
  /** When the version row was last read or written (serverless mode checks it on the request path). */
  checkedAt: 0,
  checking: undefined as Promise<void> | undefined,
}));

/**
 * Bumped on every invalidation. A cache filled from a read that started in an older generation
 * must not keep it: the read may predate the change.
 */
export function cacheGeneration(): number {
  return state.generation;
}

export function onInvalidate(listener: () => void): void {
  state.listeners.add(listener);
}

function runListeners(): void {
  state.generation++;
  for (const listener of state.listeners) listener();
}

/** Call after any change to keys, settings or providers. */
export async function invalidateCaches(): Promise<void> {
  runListeners();
  const db = await getDb();
  const rows = await db.$queryRaw<{ value: number }[]>`
    INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${VERSION_KEY}, '1'::jsonb, now())
    ON CONFLICT ("key") DO UPDATE SET "value" = to_jsonb(("Setting"."value")::text::bigint + 1), "updatedAt" = now()
    RETURNING ("value")::text::bigint AS value`;
  state.seen = Number(rows[0]?.value ?? 0);
  state.checkedAt = Date.now();
}

async function poll(): Promise<void> {
  const startedAt = Date.now();
  const db = await getDb();
  const rows = await db.$queryRaw<{ value: bigint }[]>`
    SELECT ("value")::text::bigint AS value FROM "Setting" WHERE "key" = ${VERSION_KEY}`;
  const version = Number(rows[0]?.value ?? 0);
  if (state.seen !== undefined && version !== state.seen) runListeners();
  state.seen = version;
  state.checkedAt = startedAt;
}

/**
 * One poll at a time: while the database does not answer, a poll takes as long as its timeouts,
 * and ticks in the meantime are skipped instead of queueing up. An outage is logged once, and its end.
 */
async function pollOnce(): Promise<void> {
  if (state.polling) return;
  state.polling = true;
  try {
    await poll();
    if (state.failing) console.error("[keygate] cache sync: the database answers again");
    state.failing = false;
  } catch (error) {
    if (!state.failing) console.error(`[keygate] cache sync failed (cached keys are still served): ${errorSummary(error)}`);
    state.failing = true;
    // Serverless: tried again a second later, not on every request while the database is away.
    state.checkedAt = Date.now();
  } finally {
    state.polling = false;
  }
}

/**
 * Serverless mode, before a key or a session is checked: a function instance frozen between requests
 * has no poller, so the version row is read here, at most once a second (concurrent requests share
 * one read), and only when the last look is older than that. A change made through any instance is
 * then seen within a second everywhere. A failed read is logged once and the cached values are served.
 */
export function syncCachesIfStale(now = Date.now()): Promise<void> | undefined {
  // Nothing to wait for (no promise made): the case of every request outside serverless mode.
  if (!getEnv().serverless || now - state.checkedAt < STALE_MS) return undefined;
  state.checking ??= pollOnce().finally(() => {
    state.checking = undefined;
  });
  return state.checking;
}

/** Starts the poller on PostgreSQL (an embedded database has a single process: nothing to poll). */
export async function startInvalidationSync(): Promise<void> {
  if (state.timer || (await getDbKind()) !== "postgresql" || getEnv().serverless) return;
  await poll();
  state.timer = setInterval(() => void pollOnce(), POLL_MS);
  state.timer.unref();
}

export function stopInvalidationSync(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
}
