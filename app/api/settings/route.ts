import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { getSettings, updateSettings, updateSettingsSchema } from "@/lib/settings";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async () => json(await getSettings()));

export const PATCH = withAdmin(async (request) => json(await updateSettings(updateSettingsSchema.parse(await readJsonBody(request)))));

const other = methodNotAllowed("GET", "PATCH");
export { other as POST, other as PUT, other as DELETE };
