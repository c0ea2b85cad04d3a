import { changePassword, sessionCookie, withAdmin } from "@/lib/auth";
import { json, readJson } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** Changes the signed-in user's own password (any role); other sessions end, this one gets a fresh cookie. */
export const POST = withAdmin(async (request, _context, admin) => {
  const user = await changePassword(admin, (await readJson(request)));
  const headers = new Headers();
  if (admin.cookie) headers.append("set-cookie", await sessionCookie(user, admin.cookie));
  return json({ email: user.email, otherSessionsEnded: true }, { headers });
}, { role: "viewer" });
