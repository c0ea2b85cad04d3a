import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { getKeyLimits } from "@/lib/policies";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** A key's limits against its current use (the key page's Limits card). */
export const GET = withAdmin<{ params: Promise<{ id: string }> }>(async (_request, { params }) => json(await getKeyLimits((await params).id)));

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
