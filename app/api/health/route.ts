import { getHealth } from "@/lib/health";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** Public liveness and readiness: no secrets, no authentication. */
export async function GET() {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
