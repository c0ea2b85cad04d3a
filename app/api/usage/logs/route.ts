import { withAdmin } from "@/lib/auth";
import { json } from "@/lib/http/json";
import { listRequestLogs, logQuerySchema } from "@/lib/usage";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request) =>
  json(await listRequestLogs(logQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)))),
);

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
