import { withCronSecret } from "@/lib/auth/cron";
import { methodNotAllowed } from "@/lib/http/methods";
import { runMaintenancePass } from "@/lib/usage/maintenance";

export const dynamic = "force-dynamic";
// Retention deletes in batches with pauses: a large backlog may take a while.
export const maxDuration = 300;

/** Vercel Cron (vercel.json): one maintenance pass, authorized by CRON_SECRET alone. */
export const GET = withCronSecret(async () => Response.json(await runMaintenancePass(), { headers: { "cache-control": "no-store" } }));

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
