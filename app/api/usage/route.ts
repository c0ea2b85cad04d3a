import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { getUsageOverview, usageOverviewQuerySchema } from "@/lib/usage";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request) =>
  json(await getUsageOverview(usageOverviewQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)))),
);
