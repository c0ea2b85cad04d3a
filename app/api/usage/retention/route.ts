import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { runRetentionNow } from "@/lib/usage";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** Runs the retention job now (it also runs every 10 minutes). */
export const POST = withAdmin(async () => json(await runRetentionNow()));

const other = methodNotAllowed("POST");
export { other as GET, other as PUT, other as PATCH, other as DELETE };
