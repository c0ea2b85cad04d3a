import { rotateApiKey, rotateApiKeySchema } from "@/lib/api-keys";
import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** POST /api/keys/{id}/rotate {gracePeriodSeconds}: the key with its new secret, shown once. */
export const POST = withAdmin<{ params: Promise<{ id: string }> }>(async (request, { params }) =>
  json(await rotateApiKey((await params).id, rotateApiKeySchema.parse(await readJsonBody(request)))),
);

const other = methodNotAllowed("POST");
export { other as GET, other as PUT, other as PATCH, other as DELETE };
