import { withAdmin } from "@/lib/auth";
import { csvDownload } from "@/lib/http/json";
import { logQuerySchema, requestLogsCsv } from "@/lib/usage";
import { methodNotAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** The filtered request log as CSV, streamed page by page. */
export const GET = withAdmin(async (request) =>
  csvDownload(requestLogsCsv(logQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))), "keygate-requests"),
);

const other = methodNotAllowed("GET");
export { other as POST, other as PUT, other as PATCH, other as DELETE };
