import { endGrace } from "@/lib/api-keys";
import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** POST /api/keys/{id}/end-grace: the previous secret is refused from now on. */
export const POST = withAdmin<{ params: Promise<{ id: string }> }>(async (_request, { params }) => json(await endGrace((await params).id)));

const other = methodNotAllowed("POST");
export { other as GET, other as PUT, other as PATCH, other as DELETE };
