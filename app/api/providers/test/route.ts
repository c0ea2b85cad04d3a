import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { testConnection, testConnectionSchema } from "@/lib/providers";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** Tests a provider configuration before it is saved. */
export const POST = withAdmin(async (request) => json(await testConnection(testConnectionSchema.parse(await readJsonBody(request)))));

const other = methodNotAllowed("POST");
export { other as GET, other as PUT, other as PATCH, other as DELETE };
