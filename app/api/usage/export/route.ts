import { withAdmin } from "@/lib/auth";
import { csvDownload } from "@/lib/http/json";
import { rollupsCsv, usageFilterSchema } from "@/lib/usage";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** Usage totals per period, key and model as CSV, streamed. */
export const GET = withAdmin(async (request) =>
  csvDownload(rollupsCsv(usageFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))), "keygate-usage"),
);

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
