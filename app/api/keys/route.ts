import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/api-keys";
import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return json(await listApiKeys(params));
});

export const POST = withAdmin(async (request) => {
  const created = await createApiKey(createApiKeySchema.parse(await readJsonBody(request)));
  return json(created, { status: 201 });
});

const other = methodNotAllowed("GET", "POST");
export { other as PUT, other as PATCH, other as DELETE };
