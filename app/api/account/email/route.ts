import { changeEmail, withAdmin } from "@/lib/auth";
import { json, readJson } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** Changes the signed-in user's own sign-in email (any role; the current password is required). */
export const POST = withAdmin(async (request, _context, admin) => {
  const user = await changeEmail(admin, (await readJson(request)));
  return json({ email: user.email });
}, { role: "viewer" });
