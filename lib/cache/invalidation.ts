import "server-only";
import { getDb, getDbKind } from "@/lib/db";
import { errorSummary } from "@/lib/db-unavailable";
import { processSingleton } from "@/lib/singleton";

// Caches of keys, settings and providers are cleared on every change made here, and other
// instances sharing a PostgreSQL database see the change through a version row polled twice a second.
const VERSION_KEY = "sync.version";
const POLL_MS = 500;

const state = processSingleton("invalidation", () => ({
  listeners: new Set<() => void>(),
  seen: undefined as number | undefined,
  timer: undefined as NodeJS.Timeout | undefined,
  generation: 0,
  polling: false,
  failing: false,
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
}

async function poll(): Promise<void> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ value: bigint }[]>`
    SELECT ("value")::text::bigint AS value FROM "Setting" WHERE "key" = ${VERSION_KEY}`;
  const version = Number(rows[0]?.value ?? 0);
  if (state.seen !== undefined && version !== state.seen) runListeners();
  state.seen = version;
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
  } finally {
    state.polling = false;
  }
}

/** Starts the poller on PostgreSQL (an embedded database has a single process: nothing to poll). */
export async function startInvalidationSync(): Promise<void> {
  if (state.timer || (await getDbKind()) !== "postgresql") return;
  await poll();
  state.timer = setInterval(() => void pollOnce(), POLL_MS);
  state.timer.unref();
}

export function stopInvalidationSync(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
}
