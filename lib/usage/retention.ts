import "server-only";
import { getDb } from "@/lib/db";
import { getSettings } from "@/lib/settings";
import { processSingleton } from "@/lib/singleton";

const BATCH = 5000;
const PAUSE_MS = 25;
const EVERY_MS = 10 * 60_000;

const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));

/**
 * Deletes raw request logs older than the log retention and rollups older than the rollup
 * retention, in small batches with pauses, so requests keep flowing while it runs.
 */
export async function runRetention(now = Date.now()): Promise<{ deletedLogs: number; deletedRollups: number }> {
  const { logRetentionDays, rollupRetentionDays } = await getSettings();
  const db = await getDb();
  const logCutoff = new Date(now - logRetentionDays * 86_400_000);
  const rollupCutoff = new Date(now - rollupRetentionDays * 86_400_000);
  let deletedLogs = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "RequestLog" WHERE "id" IN (
        SELECT "id" FROM "RequestLog" WHERE "createdAt" < ${logCutoff} ORDER BY "createdAt" LIMIT ${BATCH})`;
    deletedLogs += n;
    if (n < BATCH) break;
    await pause();
  }
  let deletedRollups = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "UsageRollup" WHERE ctid IN (
        SELECT ctid FROM "UsageRollup" WHERE "bucket" < ${rollupCutoff} LIMIT ${BATCH})`;
    deletedRollups += n;
    if (n < BATCH) break;
    await pause();
  }
  return { deletedLogs, deletedRollups };
}

const job = processSingleton("retention-job", () => ({ timer: undefined as NodeJS.Timeout | undefined, running: false }));

async function tick(): Promise<void> {
  if (job.running) return;
  job.running = true;
  try {
    const { deletedLogs, deletedRollups } = await runRetention();
    if (deletedLogs || deletedRollups) console.log(`[keygate] retention: deleted ${deletedLogs} request logs, ${deletedRollups} usage totals`);
  } catch (error) {
    console.error(`[keygate] retention job failed: ${(error as Error).message}`);
  } finally {
    job.running = false;
  }
}

export function startRetentionJob(): void {
  if (job.timer) return;
  setTimeout(() => void tick(), 30_000).unref();
  job.timer = setInterval(() => void tick(), EVERY_MS);
  job.timer.unref();
}

export function stopRetentionJob(): void {
  if (job.timer) clearInterval(job.timer);
  job.timer = undefined;
}
