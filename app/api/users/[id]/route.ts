import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";
import { removeUser, updateUserRole } from "@/lib/team";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** `{role}`: the user's sessions end at once. */
export const PATCH = withAdmin<Context>(async (request, { params }, admin) => json(await updateUserRole(admin, (await params).id, await readJsonBody(request))), {
  role: "owner",
});

export const DELETE = withAdmin<Context>(
  async (_request, { params }, admin) => {
    await removeUser(admin, (await params).id);
    return new Response(null, { status: 204 });
  },
  { role: "owner" },
);

const other = methodNotAllowed("PATCH", "DELETE");
export { other as GET, other as POST, other as PUT };
