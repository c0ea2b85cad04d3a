import { auditQuerySchema, listAuditEntries } from "@/lib/audit";
import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** The audit log, newest first, keyset-paged. Read only: no route edits or deletes an entry. */
export const GET = withAdmin(async (request) => json(await listAuditEntries(auditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)))));

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
