import { auditCsv, auditQuerySchema } from "@/lib/audit";
import { withAdmin } from "@/lib/auth";
import { csvDownload } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** Every entry matching the filters as CSV, newest first, streamed. */
export const GET = withAdmin(async (request) => csvDownload(auditCsv(auditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))), "keygate-audit"));

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
