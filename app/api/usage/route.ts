import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { getUsageOverview, usageOverviewQuerySchema } from "@/lib/usage";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request) =>
  json(await getUsageOverview(usageOverviewQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)))),
);

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
