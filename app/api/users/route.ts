import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";
import { publicBaseUrl } from "@/lib/server-info";
import { inviteUser, listUsers } from "@/lib/team";

export const dynamic = "force-dynamic";

/** Everyone may see who has access (no secret is listed); only an owner invites. */
export const GET = withAdmin(async () => json({ items: await listUsers() }));

export const POST = withAdmin(async (request, _context, admin) => json(await inviteUser(admin, await readJsonBody(request), publicBaseUrl(request.headers)), { status: 201 }), {
  role: "owner",
});

const other = methodNotAllowed("GET", "POST");
export { other as PUT, other as PATCH, other as DELETE };
