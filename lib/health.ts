import "server-only";
import { getDb, getDbKind } from "@/lib/db";
import { DatabaseUnavailableError, errorSummary } from "@/lib/db-unavailable";
import { getEnv } from "@/lib/env";
import type { Health } from "@/lib/health-schema";
import { getSettings } from "@/lib/settings";

/** Seconds since the server process started (this module loads only on the first health check). */
const uptimeSeconds = () => Math.round(process.uptime());

// Health answers within this, whatever the database does: a load balancer asks it to learn just that.
const HEALTH_DEADLINE_MS = 2_000;

function deadline(ms: number): { promise: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(`no answer within ${ms} ms`)), ms);
  });
  return { promise, clear: () => clearTimeout(timer) };
}

async function check(): Promise<Pick<Health, "database" | "authEnabled">> {
  const db = await getDb();
  await db.$queryRaw`SELECT 1`;
  const { authEnabled } = await getSettings();
  return { database: await getDbKind(), authEnabled };
}

export async function getHealth(): Promise<Health> {
  const env = getEnv();
  const uptime = uptimeSeconds();
  // The embedded database has no network to wait on (and may be initialising on a first start).
  const limit = env.embedded ? null : deadline(Math.min(HEALTH_DEADLINE_MS, env.DB_CONNECT_TIMEOUT_MS + env.DB_QUERY_TIMEOUT_MS));
  const running = check();
  try {
    const found = await (limit ? Promise.race([running, limit.promise]) : running);
    return { status: "ok", ...found, databaseStatus: "up", uptimeSeconds: uptime };
  } catch (error) {
    running.catch(() => undefined);
    console.error(`[keygate] health check failed: ${errorSummary(error)}`);
    return { status: "unavailable", database: env.embedded ? "pglite" : "postgresql", databaseStatus: "down", authEnabled: null, uptimeSeconds: uptime };
  } finally {
    limit?.clear();
  }
}
