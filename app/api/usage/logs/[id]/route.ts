import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { getRequestLogOrThrow } from "@/lib/usage";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ id: string }> }>(async (_request, { params }) =>
  json(await getRequestLogOrThrow((await params).id)),
);

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
