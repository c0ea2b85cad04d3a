import "server-only";
import { getDb, getDbKind } from "@/lib/db";
import { getSettings } from "@/lib/settings";

/** Seconds since the server process started (this module loads only on the first health check). */
const uptimeSeconds = () => Math.round(process.uptime());

export async function getHealth() {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    const { authEnabled } = await getSettings();
    return { status: "ok" as const, database: await getDbKind(), authEnabled, uptimeSeconds: uptimeSeconds() };
  } catch (error) {
    console.error("[keygate] health check failed:", (error as Error).message);
    return { status: "unavailable" as const, database: null, authEnabled: null, uptimeSeconds: uptimeSeconds() };
  }
}
