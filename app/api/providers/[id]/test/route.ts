import { z } from "zod";
import { withAdmin } from "@/lib/auth";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/json";
import { PROVIDER_KINDS, testProviderConnection } from "@/lib/providers";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// Optional overrides let the edit form test unsaved changes while the stored key stays on the server.
const overridesSchema = z.object({ kind: z.enum(PROVIDER_KINDS).optional(), baseUrl: z.string().optional(), apiKey: z.string().nullish() }).strict();

export const POST = withAdmin<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const overrides = overridesSchema.parse(await readJsonBody(request, { optional: true }));
  return json(await testProviderConnection((await params).id, overrides));
});

const other = methodNotAllowed("POST");
export { other as GET, other as PUT, other as PATCH, other as DELETE };
