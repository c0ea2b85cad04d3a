import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { listRequestLogs, logQuerySchema } from "@/lib/usage";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request) =>
  json(await listRequestLogs(logQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)))),
);
