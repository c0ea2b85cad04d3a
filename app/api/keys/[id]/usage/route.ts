import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { getKeyUsage, keyUsageQuerySchema } from "@/lib/usage";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { days } = keyUsageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await getKeyUsage((await params).id, days));
});

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
