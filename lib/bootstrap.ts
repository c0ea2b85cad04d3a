import "server-only";
import { startInvalidationSync, stopInvalidationSync } from "@/lib/cache/invalidation";
import { ensureAdminFromEnv } from "@/lib/auth/users";
import { getAppSecret } from "@/lib/crypto";
import { closeDb, getDbKind } from "@/lib/db";
import { ConfigError, getEnv } from "@/lib/env";
import { limitHeapGrowth } from "@/lib/memory";
import { seedProviderFromEnv } from "@/lib/providers";
import { getCounterStore, stopPolicies } from "@/lib/policies";
import { getSettings } from "@/lib/settings";
import { drainUsage } from "@/lib/usage/recorder";
import { startMaintenanceJob, stopMaintenanceJob } from "@/lib/usage/maintenance";

export interface Runtime {
  port: number;
  host: string;
  /** Writes pending usage and closes the database; the server calls it after it stopped accepting requests. */
  shutdown(): Promise<void>;
}

const RUNTIME = Symbol.for("keygate.runtime");

/**
 * Runs once at server start (instrumentation.ts): validates the configuration, prepares the
 * database, seeds from the environment, and publishes the shutdown hook for scripts/start.mjs.
 */
export async function bootstrap(): Promise<void> {
  try {
    limitHeapGrowth();
    const env = getEnv();
    getAppSecret();
    const kind = await getDbKind();
    if (env.UPSTREAM_BASE_URL) await seedProviderFromEnv(env.UPSTREAM_BASE_URL, env.UPSTREAM_API_KEY);
    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
      const outcome = await ensureAdminFromEnv(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
      if (outcome !== "unchanged") console.log(`[keygate] admin ${env.ADMIN_EMAIL} ${outcome} from ADMIN_EMAIL/ADMIN_PASSWORD`);
    }
    // Neither starts a timer in serverless mode (the request path and the cron route do their work).
    await startInvalidationSync();
    // Before the first request: the in-process counters start from the spend already written.
    await getCounterStore();
    startMaintenanceJob();
    const { authEnabled } = await getSettings();
    if (!authEnabled) {
      console.warn("[keygate] WARNING: authentication is OFF: anyone who can reach this server can use /v1. Enable it before exposing the proxy to the network.");
    }
    console.log(`[keygate] database: ${kind === "pglite" ? `embedded PGlite in ${env.dataDir}` : "PostgreSQL"}`);
    if (env.serverless) console.log("[keygate] serverless mode: no timers; usage is written after each response, maintenance runs from /api/cron/maintenance");
    const runtime: Runtime = {
      port: env.PORT,
      host: env.HOST,
      shutdown: async () => {
        stopInvalidationSync();
        stopMaintenanceJob();
        await drainUsage();
        await stopPolicies();
        await closeDb();
      },
    };
    (globalThis as Record<symbol, unknown>)[RUNTIME] = runtime;
  } catch (error) {
    if (error instanceof ConfigError || (error as Error).name === "DataDirInUseError" || (error as Error).name === "SchemaBehindError") {
      console.error(`[keygate] ${(error as Error).message}`);
    } else {
      console.error(`[keygate] start-up failed: ${(error as Error).message}`);
    }
    process.exit(1);
  }
}
