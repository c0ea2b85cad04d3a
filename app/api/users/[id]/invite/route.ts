import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";
import { publicBaseUrl } from "@/lib/server-info";
import { reissueInvite } from "@/lib/team";

export const dynamic = "force-dynamic";

/** A new invite link for a user who has not accepted yet (the old link stops working). */
export const POST = withAdmin<{ params: Promise<{ id: string }> }>(
  async (request, { params }, admin) => json(await reissueInvite(admin, (await params).id, publicBaseUrl(request.headers))),
  { role: "owner" },
);

const other = methodNotAllowed("POST");
export { other as GET, other as PUT, other as PATCH, other as DELETE };
