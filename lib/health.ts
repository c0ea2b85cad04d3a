import "server-only";
import { getDb, getDbKind } from "@/lib/db";
import { getSettings } from "@/lib/settings";

const startedAt = Date.now();

export async function getHealth() {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    const { authEnabled } = await getSettings();
    return { status: "ok" as const, database: await getDbKind(), authEnabled, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
  } catch (error) {
    console.error("[keygate] health check failed:", (error as Error).message);
    return { status: "unavailable" as const, database: null, authEnabled: null, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
  }
}
