import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { createProvider, createProviderSchema, listProviders } from "@/lib/providers";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async () => json({ items: await listProviders() }));

export const POST = withAdmin(async (request) => json(await createProvider(createProviderSchema.parse(await readJsonBody(request))), { status: 201 }));

const other = methodNotAllowed("GET", "POST");
export { other as PUT, other as PATCH, other as DELETE };
