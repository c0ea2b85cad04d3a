import { revealApiKey, revealQuerySchema } from "@/lib/api-keys";
import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/**
 * `?purpose=copy` when the key is fetched to be copied (the audit log tells a copy from a view).
 * A full key is a secret: viewers are refused although this is a read.
 */
export const GET = withAdmin<{ params: Promise<{ id: string }> }>(
  async (request, { params }) => json(await revealApiKey((await params).id, revealQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)).purpose)),
  { role: "admin" },
);

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
