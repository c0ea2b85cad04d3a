import { getHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Public liveness and readiness: no secrets, no authentication. */
export async function GET() {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
