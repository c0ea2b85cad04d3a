import "server-only";
import { deleteAuditEntriesBefore, writeAudit } from "@/lib/audit";
import { getDb, getDbKind, rawQuery } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { cleanupPolicyRows, type PolicyCleanup } from "@/lib/policies/store/postgres";
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
export async function runRetention(now = Date.now()): Promise<{ deletedLogs: number; deletedRollups: number; deletedAuditEntries: number }> {
  const { logRetentionDays, rollupRetentionDays, auditRetentionDays } = await getSettings();
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
      DELETE FROM "UsageRollup" WHERE ("granularity", "scope", "bucket", "apiKeyId", "model") IN (
        SELECT "granularity", "scope", "bucket", "apiKeyId", "model" FROM "UsageRollup" WHERE "bucket" < ${rollupCutoff} LIMIT ${BATCH})`;
    deletedRollups += n;
    if (n < BATCH) break;
    await pause();
  }
  // Responses API ids (which provider made them) are kept as long as the request logs.
  await db.responseRoute.deleteMany({ where: { createdAt: { lt: logCutoff } } });
  const deletedAuditEntries = await deleteAuditEntriesBefore(new Date(now - auditRetentionDays * 86_400_000));
  return { deletedLogs, deletedRollups, deletedAuditEntries };
}

/** The retention job run by an admin (POST /api/usage/retention): what it deleted goes in the audit log. */
export async function runRetentionNow(): Promise<Awaited<ReturnType<typeof runRetention>>> {
  const result = await runRetention();
  await writeAudit(await getDb(), "usage.retention_ran", { type: "usage", label: "Retention" }, result);
  return result;
}

const job = processSingleton("usage-maintenance", () => ({
  timer: undefined as NodeJS.Timeout | undefined,
  running: false,
  analyzedAt: 0,
}));

const ANALYZED_TABLES = [
  "RequestLog", "ApiKey",
  ...["h", "d"].flatMap((g) => ["km", "k", "m", "t"].map((s) => `UsageRollup_${g}_${s}`)),
  "UsageRollup",
];

/**
 * Keeps the planner's statistics fresh on the embedded database, which has no autovacuum
 * (PostgreSQL's own autovacuum does this there). One table at a time with pauses, because a PGlite
 * query holds the event loop.
 */
export async function refreshStatistics({ evenOnPostgres = false } = {}): Promise<void> {
  if (!evenOnPostgres && (await getDbKind()) !== "pglite") return;
  const db = await getDb();
  for (const table of ANALYZED_TABLES) {
    await db.$executeRawUnsafe(`ANALYZE "${table}"`);
    await pause();
  }
  job.analyzedAt = Date.now();
}

async function tick(): Promise<void> {
  if (job.running) return;
  job.running = true;
  try {
    const { deletedLogs, deletedRollups } = await runRetention();
    if (deletedLogs || deletedRollups) console.log(`[keygate] retention: deleted ${deletedLogs} request logs, ${deletedRollups} usage totals`);
    if (Date.now() - job.analyzedAt > 30 * 60_000 || deletedLogs > 0) await refreshStatistics();
  } catch (error) {
    console.error(`[keygate] usage maintenance failed: ${(error as Error).message}`);
  } finally {
    job.running = false;
  }
}

export interface MaintenanceReport {
  retention: { deletedLogs: number; deletedRollups: number };
  /** Whether the planner statistics were refreshed (the embedded database only: PostgreSQL's autovacuum does it). */
  statisticsRefreshed: boolean;
  /** PostgreSQL: leases of vanished instances and stale rate windows removed (null on the embedded database). */
  reservations: PolicyCleanup | null;
  durationMs: number;
}

/**
 * One maintenance pass, for GET /api/cron/maintenance (serverless mode has no in-process job):
 * retention, statistics, and the key-limit rows no instance's heartbeat will clean up.
 */
export async function runMaintenancePass(now = Date.now()): Promise<MaintenanceReport> {
  const started = performance.now();
  const retention = await runRetention(now);
  const pglite = (await getDbKind()) === "pglite";
  if (pglite) await refreshStatistics();
  const reservations = pglite ? null : await cleanupPolicyRows(rawQuery, now);
  if (retention.deletedLogs || retention.deletedRollups) {
    console.log(`[keygate] retention: deleted ${retention.deletedLogs} request logs, ${retention.deletedRollups} usage totals`);
  }
  return { retention, statisticsRefreshed: pglite, reservations, durationMs: Math.round(performance.now() - started) };
}

/** Retention and statistics: 30 s after start, then every 10 minutes. Serverless: none (the cron route runs it). */
export function startMaintenanceJob(): void {
  if (job.timer || getEnv().serverless) return;
  setTimeout(() => void tick(), 30_000).unref();
  job.timer = setInterval(() => void tick(), EVERY_MS);
  job.timer.unref();
}

export function stopMaintenanceJob(): void {
  if (job.timer) clearInterval(job.timer);
  job.timer = undefined;
}
