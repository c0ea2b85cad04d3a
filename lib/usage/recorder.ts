import "server-only";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/singleton";

/** One proxied request, as stored in RequestLog. Never the prompt, the answer or the key. */
export interface UsageEvent {
  createdAt: Date;
  apiKeyId: string | null;
  endpoint: string;
  model: string | null;
  providerId: string | null;
  providerName: string | null;
  status: number;
  errorCode: string | null;
  stream: boolean;
  latencyMs: number;
  ttfbMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

// Past this many unflushed events (a long database outage) the oldest are dropped, loudly.
const MAX_QUEUED = 200_000;

const state = processSingleton("usage-recorder", () => ({
  queue: [] as UsageEvent[],
  timer: undefined as NodeJS.Timeout | undefined,
  flushing: undefined as Promise<void> | undefined,
}));

// PostgreSQL text cannot hold NUL. A client can put one in `model` (an upstream in an error code),
// and the batch holding it would fail on every retry, taking all other usage down with it.
const NUL = /\u0000/g;
const text = <T extends string | null>(value: T): T => (value === null ? value : (value.replace(NUL, "\uFFFD") as T));

/** Queues an event; it reaches the database within USAGE_FLUSH_MS, in a batch, off the response path. */
export function recordUsage(event: UsageEvent): void {
  state.queue.push({
    ...event,
    endpoint: text(event.endpoint),
    model: text(event.model),
    providerName: text(event.providerName),
    errorCode: text(event.errorCode),
  });
  if (state.queue.length > MAX_QUEUED) {
    const dropped = state.queue.splice(0, state.queue.length - MAX_QUEUED).length;
    console.error(`[keygate] usage queue full: dropped ${dropped} oldest events`);
  }
  state.timer ??= setTimeout(() => {
    state.timer = undefined;
    void flushUsage();
  }, getEnv().USAGE_FLUSH_MS);
}

async function writeBatch(batch: UsageEvent[]): Promise<void> {
  const perKey = new Map<string, { count: number; last: Date }>();
  for (const e of batch) {
    if (!e.apiKeyId) continue;
    const entry = perKey.get(e.apiKeyId);
    if (!entry) perKey.set(e.apiKeyId, { count: 1, last: e.createdAt });
    else {
      entry.count++;
      if (e.createdAt > entry.last) entry.last = e.createdAt;
    }
  }
  const db = await getDb();
  await db.$transaction([
    db.requestLog.createMany({ data: batch }),
    // Increments, not read-modify-write: exact however many instances write at once.
    ...[...perKey].map(
      ([id, { count, last }]) => db.$executeRaw`
        UPDATE "ApiKey" SET "usageCount" = "usageCount" + ${count},
          "lastUsedAt" = GREATEST(COALESCE("lastUsedAt", ${last}), ${last})
        WHERE "id" = ${id}`,
    ),
  ]);
}

/** Writes everything queued so far. Concurrent calls share one flush; a failed batch is retried later. */
export function flushUsage(): Promise<void> {
  if (state.flushing) return state.flushing.then(() => (state.queue.length ? flushUsage() : undefined));
  if (state.queue.length === 0) return Promise.resolve();
  const batch = state.queue;
  state.queue = [];
  state.flushing = writeBatch(batch)
    .catch((error: unknown) => {
      console.error(`[keygate] writing ${batch.length} usage events failed, will retry: ${(error as Error).message}`);
      state.queue = batch.concat(state.queue);
      state.timer ??= setTimeout(() => {
        state.timer = undefined;
        void flushUsage();
      }, 1000);
    })
    .finally(() => {
      state.flushing = undefined;
    });
  return state.flushing;
}

export function pendingUsageCount(): number {
  return state.queue.length;
}

/** On shutdown: stop the timer and write what is left. */
export async function drainUsage(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  for (let attempt = 0; attempt < 3 && (state.queue.length > 0 || state.flushing); attempt++) {
    await flushUsage();
    if (state.flushing) await state.flushing;
  }
  if (state.queue.length > 0) console.error(`[keygate] shutdown: ${state.queue.length} usage events could not be written`);
}
